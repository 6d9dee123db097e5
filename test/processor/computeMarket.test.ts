import { type Address, getAddress, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeMarketAbi } from '../../src/abi/viem'
import { marketRead } from '../contracts/ai/computeSimulate'
import type { TestChain } from '../setup/chain'
import { computeActivity, computeOf } from './helpers/computeActivity'
import type { TestDatabase } from './helpers/database'
import { digestsAgainstCleanIndex } from './helpers/digest'
import { indexedHeight, startIndexer } from './helpers/indexUntil'
import { killIndexerAbove, resumeToHead } from './helpers/killAndResume'
import { anvilReorg } from './helpers/rpc'
import type { Workload } from './helpers/workload'
import { setupWorkloadChain, type WorkloadChain } from './helpers/workloadChain'

const FINALITY = 5
const STATUS = ['NONE', 'REQUESTED', 'FULFILLED', 'MISSED']

let chain: TestChain
let db: TestDatabase
let w: Workload
let setup: WorkloadChain | undefined
let manifestPath: string

beforeAll(async () => {
  setup = await setupWorkloadChain({ wopenBlocks: 3, txsPerBlock: 2, inferences: 1 })
  ;({ chain, db, w, manifestPath } = setup)
  await computeActivity(w, { fulfilled: 3, missed: 2, salt: 'first', unbond: true })
}, 180_000)

afterAll(async () => {
  await setup?.stop()
})

const latest = () => chain.publicClient.getBlock({ blockTag: 'latest' })

type Req = {
  modelId: bigint
  payer: Address
  deadlineBlock: bigint
  status: number
  provider: Address
  fee: bigint
  slashAmount: bigint
  inputHash: string
}

/** Every compute entity the indexer holds equals what the chain says now (contract views and logs). */
async function expectIndexEqualsChain() {
  const c = computeOf(w)
  const count = await marketRead<bigint>(c, 'requestCount')
  const rows = await db.query<Record<string, string | null>>(
    'SELECT id, model_id, provider_id, payer_id, fee, deadline_block, slash_amount, status, input_hash, inference_id, slashed, refund FROM compute_request ORDER BY id::int',
  )
  expect(rows.length).toBe(Number(count))
  const logs = await chain.publicClient.getLogs({ address: c.market, fromBlock: 0n })
  const fulfilled = new Map(
    parseEventLogs({ abi: computeMarketAbi, logs, eventName: 'ComputeFulfilled' }).map((l) => [
      l.args.requestId.toString(),
      l.args.inferenceId.toString(),
    ]),
  )
  const missed = parseEventLogs({ abi: computeMarketAbi, logs, eventName: 'ComputeMissed' })
  const slashedByRequest = new Map(missed.map((l) => [l.args.requestId.toString(), l.args.slashed]))
  const pairs = new Set<string>()
  for (const row of rows) {
    const r = await marketRead<Req>(c, 'requestOf', [BigInt(row.id as string)])
    pairs.add(`${r.provider.toLowerCase()}-${r.modelId}`)
    expect(row).toEqual({
      id: row.id,
      model_id: r.modelId.toString(),
      provider_id: r.provider.toLowerCase(),
      payer_id: r.payer.toLowerCase(),
      fee: r.fee.toString(),
      deadline_block: r.deadlineBlock.toString(),
      slash_amount: r.slashAmount.toString(),
      status: STATUS[r.status],
      input_hash: r.inputHash,
      inference_id: fulfilled.get(row.id as string) ?? null,
      slashed: slashedByRequest.get(row.id as string)?.toString() ?? null,
      refund:
        STATUS[r.status] === 'MISSED' ? r.fee.toString() : STATUS[r.status] === 'FULFILLED' ? '0' : null,
    })
  }
  const bonds = await db.query<Record<string, string>>(
    'SELECT id, provider_id, model_id, bonded, unbonding, open_requests, slashed, capacity FROM compute_bond ORDER BY id',
  )
  for (const b of bonds) {
    const p = await marketRead<{ bonded: bigint; unbonding: bigint; openRequests: bigint; capacity: bigint }>(
      c,
      'positionOf',
      [getAddress(b.provider_id), BigInt(b.model_id)],
    )
    const slashed = missed
      .filter(
        (l) => l.args.provider.toLowerCase() === b.provider_id && l.args.modelId.toString() === b.model_id,
      )
      .reduce((s, l) => s + l.args.slashed, 0n)
    expect(b).toEqual({
      ...b,
      bonded: p.bonded.toString(),
      unbonding: p.unbonding.toString(),
      open_requests: Number(p.openRequests),
      slashed: slashed.toString(),
      capacity: p.capacity.toString(),
    })
  }
  // Every provider/model pair with a request has a bond row; provider totals are the sum of its bonds.
  for (const pair of pairs) expect(bonds.map((b) => b.id)).toContain(pair)
  const providers = await db.query<{ id: string; bonded: string; slashed: string; missed_count: number }>(
    'SELECT id, bonded, slashed, missed_count FROM compute_provider',
  )
  for (const p of providers) {
    const mine = bonds.filter((b) => b.provider_id === p.id)
    expect(p.bonded).toBe(mine.reduce((s, b) => s + BigInt(b.bonded), 0n).toString())
    expect(p.slashed).toBe(mine.reduce((s, b) => s + BigInt(b.slashed), 0n).toString())
    expect(p.missed_count).toBe(missed.filter((l) => l.args.provider.toLowerCase() === p.id).length)
  }
  const [params] = await db.query<{ min_bond: string }>(
    'SELECT min_bond FROM compute_market_parameters ORDER BY id DESC LIMIT 1',
  )
  expect(params.min_bond).toBe((await marketRead<bigint>(c, 'minBond')).toString())
  const [change] = await db.query<{ new_market: string }>('SELECT new_market FROM compute_market_change')
  expect(change.new_market).toBe(c.market.toLowerCase())
  return { requests: rows.length, missed: missed.length }
}

describe('ComputeMarket indexing', () => {
  it('indexes providers, bonds, requests, fulfilments and slashes equal to the chain, across a reorg and a SIGKILL, equal to a clean re-index', async () => {
    const idx = startIndexer({
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      db: db.settings,
      finality: FINALITY,
    })
    try {
      let head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      const first = await expectIndexEqualsChain()
      expect(first).toEqual({ requests: 5, missed: 2 })

      // A fulfilled request in the last blocks, then those blocks are replaced.
      await computeActivity(w, { fulfilled: 1, missed: 0, salt: 'reorged' })
      head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      expect((await expectIndexEqualsChain()).requests).toBe(6)
      await anvilReorg(chain.rpcUrl, { wopen: w.stack.wopen, from: chain.accounts[14], depth: 3, salt: 1 })
      head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      expect((await expectIndexEqualsChain()).requests).toBe(5)
    } finally {
      await idx.stop()
    }

    // More activity while the indexer runs as a process that is SIGKILLed, then restarted.
    const before = await indexedHeight(db.settings)
    await computeActivity(w, { fulfilled: 2, missed: 1, salt: 'killed' })
    await killIndexerAbove({ rpcUrl: chain.rpcUrl, manifestPath, db: db.settings, above: before })
    await computeActivity(w, { fulfilled: 1, missed: 1, salt: 'after' })
    const final = await latest()
    await resumeToHead({ rpcUrl: chain.rpcUrl, manifestPath, db: db.settings, head: final })
    expect(await expectIndexEqualsChain()).toEqual({ requests: 10, missed: 4 })
    const [a, b] = await digestsAgainstCleanIndex({
      db,
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      final,
      name: 'clean',
    })
    expect(a.compute_request).toBeDefined()
    expect(a).toEqual(b)
  })
})
