import { type Address, concat, keccak256, pad, toHex } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { events as routerEvents } from '../../src/abi/InferenceRouter'
import type { Manifest } from '../../src/manifest/manifest'
import { setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { digestTables } from './helpers/digest'
import { type FlakyProxy, startFlakyProxy } from './helpers/flakyProxy'
import { startIndexer } from './helpers/indexUntil'
import { wopenActivity } from './helpers/rpc'

/**
 * Runtime: LOG1 with topic0 = calldata[0:32] and data = calldata[32:]. Init code copies it out.
 * CALLDATASIZE 0 0 CALLDATACOPY; MLOAD(0); CALLDATASIZE-32; 32; LOG1; STOP
 */
const RUNTIME = '3660006000376000516020360360' + '20a100'
const INIT = `0x60${(RUNTIME.length / 2).toString(16).padStart(2, '0')}80600b6000396000f3${RUNTIME}` as const

let chain: TestChain
let db: TestDatabase
let emitter: Address
let wopen: Address
let manifest: Manifest
let stderr: string[] = []

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  wopen = await chain.deploy('WOPEN')
  const hash = await chain.wallets[0].deployContract({ abi: [], bytecode: INIT })
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  emitter = receipt.contractAddress!
  manifest = {
    version: 1,
    chainId: chain.chain.id,
    contracts: {
      WOPEN: { address: wopen, startBlock: 1 },
      // An address the manifest says is the router, emitting whatever the test asks.
      InferenceRouter: { address: emitter, startBlock: Number(receipt.blockNumber) },
    },
  }
}, 60_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

afterEach(() => {
  vi.restoreAllMocks()
})

function captureStderr() {
  stderr = []
  const write = process.stderr.write.bind(process.stderr)
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stderr.push(String(chunk))
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof process.stderr.write)
}

async function emit(topic0: `0x${string}`, data: `0x${string}`) {
  const hash = await chain.wallets[1].sendTransaction({ to: emitter, data: concat([topic0, data]) })
  return chain.publicClient.waitForTransactionReceipt({ hash })
}

describe('bad input', () => {
  it('records an unknown event and a malformed log from a listed address, logs them, and keeps indexing', async () => {
    captureStderr()
    const mystery = keccak256(toHex('Mystery(uint256)'))
    const unknown = await emit(mystery, pad(toHex(42)))
    // InferenceFulfilled has an indexed inferenceId: with only topic0 it cannot decode.
    const malformed = await emit(routerEvents.InferenceFulfilled.topic as `0x${string}`, pad(toHex(1)))
    const head = await wopenActivity(chain.rpcUrl, {
      wopen,
      accounts: chain.accounts.slice(1, 5),
      blocks: 3,
      txsPerBlock: 4,
    })
    const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest, db: db.settings })
    try {
      await idx.waitFor(head)
    } finally {
      await idx.stop()
    }
    const rows = await db.query<{
      kind: string
      contract: string
      topic0: string
      block_number: number
      tx_hash: string
      message: string
    }>('SELECT kind, contract, topic0, block_number, tx_hash, message FROM indexing_anomaly ORDER BY id')
    expect(rows.map((r) => [r.kind, r.contract, r.topic0, r.tx_hash])).toEqual([
      ['UNKNOWN_EVENT', 'InferenceRouter', mystery, unknown.transactionHash],
      ['MALFORMED_LOG', 'InferenceRouter', routerEvents.InferenceFulfilled.topic, malformed.transactionHash],
    ])
    expect(rows[0].block_number).toBe(Number(unknown.blockNumber))
    const logged = stderr.join('')
    expect(logged).toContain(`unknown event ${mystery}`)
    expect(logged).toContain('malformed InferenceRouter log')
    // Later blocks were still indexed.
    const wraps = await db.query<{ n: string }>('SELECT count(*) AS n FROM wrap_event')
    expect(Number(wraps[0].n)).toBe(6)
    const status = await db.query<{ anomalies: number; height: number }>(
      'SELECT anomalies, height FROM indexer_status',
    )
    expect(status[0]).toEqual({ anomalies: 2, height: head })
  })

  it('retries through an RPC answering 503 and then timing out, with no gap', async () => {
    let proxy: FlakyProxy | undefined
    const flakyDb = await db.createDatabase('flaky')
    try {
      proxy = await startFlakyProxy(chain.rpcUrl)
      const idx = startIndexer({ rpcUrl: proxy.url, manifest, db: flakyDb, requestTimeoutMs: 500 })
      try {
        const accounts = chain.accounts.slice(1, 6)
        let head = await wopenActivity(chain.rpcUrl, { wopen, accounts, blocks: 5, txsPerBlock: 3, seed: 1 })
        await idx.waitFor(head)
        proxy.mode = '5xx'
        head = await wopenActivity(chain.rpcUrl, { wopen, accounts, blocks: 5, txsPerBlock: 3, seed: 2 })
        await new Promise((r) => setTimeout(r, 1500))
        proxy.mode = 'hang'
        head = await wopenActivity(chain.rpcUrl, { wopen, accounts, blocks: 5, txsPerBlock: 3, seed: 3 })
        await new Promise((r) => setTimeout(r, 1500))
        expect(proxy.failures).toBeGreaterThan(0)
        proxy.mode = 'ok'
        await idx.waitFor(head, 60_000)
        expect(idx.failure).toBeUndefined()
      } finally {
        await idx.stop()
      }
      const direct = await db.createDatabase('direct')
      const clean = startIndexer({ rpcUrl: chain.rpcUrl, manifest, db: direct })
      const head = Number(await chain.publicClient.getBlockNumber())
      try {
        await clean.waitFor(head)
      } finally {
        await clean.stop()
      }
      // Same rows whether or not the node misbehaved on the way (the flaky run's last blocks are final too).
      const a = await digestTables(flakyDb)
      const b = await digestTables(direct)
      expect(a.token_transfer).toBe(b.token_transfer)
      expect(a.wrap_event).toBe(b.wrap_event)
      expect(a.account).toBe(b.account)
    } finally {
      await proxy?.close()
    }
  })
})
