import fc from 'fast-check'
import { type Address, concat, encodeAbiParameters, encodeFunctionData, type Hex, pad, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { events as datanetEvents } from '../../src/abi/DatanetRegistry'
import { events as routerEvents } from '../../src/abi/InferenceRouter'
import { events as governorEvents } from '../../src/abi/OpenLedgerGovernor'
import { modelFundAbi } from '../../src/abi/viem'
import { escapeUtf8Bytes } from '../../src/computation/storableText'
import { applyMigrations } from '../../src/db/applyMigrations'
import type { ContractName, Manifest } from '../../src/manifest/manifest'
import { hostileEmitterAbi } from '../abi/viem'
import { setupChain, type TestChain } from '../setup/chain'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { digestTables } from './helpers/digest'
import {
  deployHostileEmitters,
  emitTransactions,
  hostileTransactions,
  type RawLog,
} from './helpers/hostileEmitters'
import { startIndexer } from './helpers/indexUntil'

let chain: TestChain
let db: TestDatabase
let manifest: Manifest
let emitters: Record<ContractName, Address>

beforeAll(async () => {
  ;[chain, db] = await Promise.all([setupChain(), setupDatabase()])
  ;({ manifest, address: emitters } = await deployHostileEmitters(chain))
}, 120_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

const word = (v: bigint) => encodeAbiParameters([{ type: 'uint256' }], [v])
const addressTopic = (a: Address) => encodeAbiParameters([{ type: 'address' }], [a])
const BIG_ID = 2n ** 200n

/** 64 bytes of text that is not storable as is: NUL, bytes that are not UTF-8, dollar-quote tags. */
const PIECE = (() => {
  const b = new Uint8Array(64).fill(0x78)
  b.set([...new TextEncoder().encode('$v$$v0$ a\\b '), 0x00, 0xff, 0xed, 0xa0, 0x80, 0x41])
  return b
})()
const HUGE_TIMES = 16_384

/** The 1 MiB name: {@link PIECE} 16,384 times. */
function hugeName(): Uint8Array {
  const out = new Uint8Array(PIECE.length * HUGE_TIMES)
  for (let i = 0; i < HUGE_TIMES; i++) out.set(PIECE, i * PIECE.length)
  return out
}

/**
 * DatanetCreated(BIG_ID, owner, <1 MiB name>, "ipfs://x"), its data built by the emitter from a
 * repeated piece: a transaction of a megabyte is over what nodes accept.
 */
async function emitHugeDatanet(): Promise<number> {
  const nameLength = BigInt(PIECE.length * HUGE_TIMES)
  const head = concat([word(64n), word(64n + 32n + nameLength), word(nameLength)])
  const uri = toHex('ipfs://x')
  const tail = concat([word(8n), pad(uri, { dir: 'right' })])
  const hash = await chain.wallets[6].writeContract({
    address: emitters.DatanetRegistry,
    abi: hostileEmitterAbi,
    functionName: 'emitRepeated',
    args: [
      [datanetEvents.DatanetCreated.topic as Hex, word(BIG_ID), addressTopic(chain.accounts[1])],
      head,
      toHex(PIECE),
      BigInt(HUGE_TIMES),
      tail,
    ],
    gas: 50_000_000n,
  })
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
  return Number(receipt.blockNumber)
}

/** Fixed hostile logs next to the generated ones: decoded proposal calls, orphans, out of order. */
function fixedTransactions(): RawLog[][] {
  const owner = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8' as Address
  const fund = encodeFunctionData({
    abi: modelFundAbi,
    functionName: 'fundModel',
    args: [1n, 5n, 'memo\u0000x'],
  })
  const proposal: RawLog = {
    contract: 'OpenLedgerGovernor',
    topics: [governorEvents.ProposalCreated.topic as Hex],
    data: encodeAbiParameters(
      [
        { type: 'uint256' },
        { type: 'address' },
        { type: 'address[]' },
        { type: 'uint256[]' },
        { type: 'string[]' },
        { type: 'bytes[]' },
        { type: 'uint256' },
        { type: 'uint256' },
        { type: 'string' },
      ],
      [
        BIG_ID,
        owner,
        [emitters.ModelFund, owner],
        [0n],
        ['fundModel(uint256,uint256,string)'],
        [fund],
        1n,
        2n,
        'x\u0000',
      ],
    ),
  }
  // A reward, then a settlement, of an inference nobody requested; a review of a contribution never submitted.
  const reward: RawLog = {
    contract: 'InferenceRouter',
    topics: [routerEvents.ContributionRewarded.topic as Hex, word(999n), word(777n), addressTopic(owner)],
    data: encodeAbiParameters([{ type: 'uint256' }, { type: 'uint32' }], [5n, 4_294_967_295]),
  }
  const settled: RawLog = {
    contract: 'InferenceRouter',
    topics: [routerEvents.InferenceSettled.topic as Hex, word(999n), addressTopic(owner)],
    data: encodeAbiParameters(Array(5).fill({ type: 'uint256' }), [1n, 2n, 3n, 4n, 2n ** 256n - 1n]),
  }
  const review: RawLog = {
    contract: 'DatanetRegistry',
    topics: [datanetEvents.ContributionReviewed.topic as Hex, word(777n), word(BIG_ID), addressTopic(owner)],
    data: encodeAbiParameters([{ type: 'bool' }], [true]),
  }
  return [[proposal, proposal], [reward, settled], [review]]
}

describe('hostile events', () => {
  it('never stop the indexer, and index exactly as a clean re-index of the same chain', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
    console.log(`hostile events: fast-check seed ${seed} (rerun with FUZZ_SEED=${seed})`)
    const txs = fc.array(hostileTransactions(Object.values(emitters), { min: 20, max: 40 }), {
      minLength: 16,
      maxLength: 20,
    })
    let run = 0
    await fc.assert(
      fc.asyncProperty(txs, async (generated) => {
        run += 1
        const live = await db.createDatabase(`live${run}`)
        const clean = await db.createDatabase(`clean${run}`)
        // Indexed while the logs arrive (hot blocks, then finalized ones), then from scratch.
        const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest, db: live })
        let head: number
        try {
          await emitHugeDatanet()
          head = await emitTransactions(chain, emitters, [...fixedTransactions(), ...generated])
          await idx.waitFor(head, 120_000)
          expect(idx.failure).toBeUndefined()
        } finally {
          await idx.stop()
        }
        const again = startIndexer({ rpcUrl: chain.rpcUrl, manifest, db: clean })
        try {
          await again.waitFor(head, 120_000)
        } finally {
          await again.stop()
        }
        const [a, b] = [await digestTables(live), await digestTables(clean)]
        expect(Object.keys(a).filter((t) => a[t] !== b[t])).toEqual([])

        const [status] = await db.query<{ events_indexed: string; skipped_logs: number }>(
          'SELECT events_indexed, skipped_logs FROM indexer_status',
          [],
          live,
        )
        // Sanitising alone made everything storable: no transaction had to be skipped.
        expect(status.skipped_logs).toBe(0)
        expect(Number(status.events_indexed)).toBeGreaterThanOrEqual(300)
        const [big] = await db.query<{ name: string }>(
          'SELECT name FROM datanet WHERE id = $1',
          [String(BIG_ID)],
          live,
        )
        expect(big.name).toBe(escapeUtf8Bytes(hugeName()))
        const kinds = await db.query<{ kind: string; field: string | null }>(
          'SELECT kind, field FROM indexing_anomaly',
          [],
          live,
        )
        const fields = new Set(kinds.map((k) => k.field))
        expect(fields).toContain('DatanetCreated.name')
        expect(fields).toContain('ProposalCreated.description')
        expect(fields).toContain('ProposalCreated.calldatas[0].args.memo')
        expect(fields).toContain('ContributionRewarded.weightPpm')
        const messages = await db.query<{ message: string }>(
          `SELECT message FROM indexing_anomaly WHERE kind = 'INCONSISTENT_STATE'`,
          [],
          live,
        )
        const text = messages.map((m) => m.message).join('\n')
        expect(text).toContain('of inference 999, which has no settlement')
        expect(text).toContain('settlement of unknown inference 999')
        expect(text).toContain('review of contribution 777, never submitted')
        expect(text).toContain(`proposal ${BIG_ID} created again`)
      }),
      { seed, numRuns: Number(process.env.FUZZ_RUNS ?? 1), endOnFailure: true },
    )
  }, 600_000)

  // Hot blocks are written statement by statement with a rollback log; finalized ones are computed
  // ahead and written as one script: a skipped transaction must be handled the same on both.
  it.each(['hot', 'finalized'] as const)(
    'skip a transaction whose write still fails, recording its logs, and index the rest (%s blocks)',
    async (where) => {
      const settings = await db.createDatabase(`isolated_${where}`)
      // A constraint the data can break: the database refuses datanets named "poison…" (23514).
      await applyMigrations(settings)
      await db.query(
        `ALTER TABLE datanet ADD CONSTRAINT datanet_no_poison CHECK (name IS NULL OR name NOT LIKE 'poison%')`,
        [],
        settings,
      )
      const registry = await chain.deploy('HostileEmitter')
      const from = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
      const m: Manifest = {
        version: 1,
        chainId: chain.chain.id,
        contracts: { DatanetRegistry: { address: registry, startBlock: from } },
      }
      const created = (id: bigint, name: string) => ({
        topics: [datanetEvents.DatanetCreated.topic as Hex, word(id), addressTopic(chain.accounts[1])],
        data: encodeAbiParameters([{ type: 'string' }, { type: 'string' }], [name, 'ipfs://x']),
      })
      const send = (i: number, logs: ReturnType<typeof created>[]) =>
        chain.wallets[i].writeContract({
          address: registry,
          abi: hostileEmitterAbi,
          functionName: 'emitLogs',
          args: [logs],
          gas: 1_000_000n,
        })
      // Three transactions in one block: the middle one breaks the constraint.
      await chain.testClient.setAutomine(false)
      try {
        await send(1, [created(1n, 'good-a')])
        await send(2, [created(2n, 'poison'), created(3n, 'innocent bystander in the same tx')])
        await send(3, [created(4n, 'good-c')])
        await chain.mine(1)
      } finally {
        await chain.testClient.setAutomine(true)
      }
      const poisonBlock = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
      const hash = await send(4, [created(5n, 'after')])
      await chain.publicClient.waitForTransactionReceipt({ hash })
      if (where === 'finalized') await chain.mine(10)
      const head = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))

      const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest: m, db: settings })
      try {
        await idx.waitFor(head)
        expect(idx.failure).toBeUndefined()
      } finally {
        await idx.stop()
      }
      const names = await db.query<{ id: string; name: string }>(
        'SELECT id, name FROM datanet ORDER BY id',
        [],
        settings,
      )
      expect(names).toEqual([
        { id: '1', name: 'good-a' },
        { id: '4', name: 'good-c' },
        { id: '5', name: 'after' },
      ])
      const anomalies = await db.query<{
        kind: string
        block_number: number
        log_index: number
        message: string
      }>('SELECT kind, block_number, log_index, message FROM indexing_anomaly ORDER BY id', [], settings)
      expect(anomalies.map((a) => [a.kind, a.block_number])).toEqual([
        ['WRITE_FAILED', poisonBlock],
        ['WRITE_FAILED', poisonBlock],
      ])
      expect(anomalies[0].message).toContain('datanet_no_poison')
      const [status] = await db.query<{
        skipped_logs: number
        last_skipped_block: number
        last_skip_reason: string
        anomalies: number
        height: number
      }>(
        'SELECT skipped_logs, last_skipped_block, last_skip_reason, anomalies, height FROM indexer_status',
        [],
        settings,
      )
      expect(status).toMatchObject({
        skipped_logs: 2,
        last_skipped_block: poisonBlock,
        anomalies: 2,
        height: head,
      })
      expect(status.last_skip_reason).toContain('datanet_no_poison')
    },
  )
})
