import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbSettings } from '../../src/db/dbSettings'
import { setupChain, type TestChain } from '../setup/chain'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { digestTables } from './helpers/digest'
import { indexedHeight, startIndexer } from './helpers/indexUntil'
import { anvilReorg, wopenActivity } from './helpers/rpc'
import { deployAndRunWorkload, type Workload } from './helpers/workload'

const FINALITY = 5

let chain: TestChain
let db: TestDatabase
let w: Workload

beforeAll(async () => {
  ;[chain, db] = await Promise.all([setupChain(), setupDatabase()])
  w = await deployAndRunWorkload(chain, { inferences: 1 })
}, 120_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

const latest = () => chain.publicClient.getBlock({ blockTag: 'latest' })

/** WOPEN deposits and transfers between eight accounts: balances and the supply are running totals. */
const activity = (blocks: number, seed: number, txsPerBlock = 4) =>
  wopenActivity(chain.rpcUrl, {
    wopen: w.stack.wopen,
    accounts: chain.accounts.slice(1, 9),
    blocks,
    txsPerBlock,
    seed,
  })

type Progress = {
  final: number
  hot: { height: number; hash: string }[]
  /** Rollback records of the hot blocks. */
  changes: number
  /** Rows deleted from token_transfer so far (see {@link transfersDeleted}). */
  deleted: number
}

/** The processor's committed progress: its finalized head, its hot blocks and their rollback records. */
async function progress(): Promise<Progress> {
  const [status] = await db.query<{ height: number }>(
    'SELECT height FROM squid_processor.status WHERE id = 0',
  )
  const hot = await db.query<{ height: number; hash: string }>(
    'SELECT height, hash FROM squid_processor.hot_block ORDER BY height',
  )
  const [log] = await db.query<{ n: string }>('SELECT count(*) AS n FROM squid_processor.hot_change_log')
  return { final: status.height, hot, changes: Number(log.n), deleted: await transfersDeleted() }
}

/** Rows ever deleted from token_transfer (insert-only except for a hot block's rollback). */
async function transfersDeleted(): Promise<number> {
  const [r] = await db.query<{ n: string }>(
    "SELECT n_tup_del AS n FROM pg_stat_user_tables WHERE relname = 'token_transfer'",
  )
  return Number(r?.n ?? 0)
}

/** Runs the indexer on `settings` until it has committed the chain's head block, then stops it. */
async function indexToHead(settings: DbSettings, finality = FINALITY): Promise<number> {
  const head = await latest()
  const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest: w.manifest, db: settings, finality })
  try {
    await idx.waitForHash(Number(head.number), head.hash)
  } finally {
    await idx.stop()
  }
  return Number(head.number)
}

/** Indexes up to the chain head and stops there, its last `finality` blocks still hot. */
async function indexToHeadAndStop(finality = FINALITY): Promise<Progress> {
  await activity(finality + 3, 1)
  const head = await indexToHead(db.settings, finality)
  const p = await progress()
  // The scenario: blocks above the finalized head committed with rollback records, WOPEN activity in them.
  expect(p.hot.length).toBe(finality)
  expect(p.hot[p.hot.length - 1]?.height).toBe(head)
  expect(p.changes).toBeGreaterThan(0)
  return p
}

/** Per hot block of `p`: whether the chain still has it at its height. */
async function stillOnChain(p: Progress): Promise<boolean[]> {
  const blocks = await Promise.all(
    p.hot.map((b) => chain.publicClient.getBlock({ blockNumber: BigInt(b.height) })),
  )
  return blocks.map((b, i) => b.hash === p.hot[i]?.hash)
}

/** Checks that the hot blocks of `before` are final now and that their rows were rolled back first. */
async function expectRolledBackAndFinalized(before: Progress) {
  const after = await progress()
  const lastHot = before.hot[before.hot.length - 1]?.height ?? 0
  expect(after.final).toBeGreaterThan(lastHot)
  expect(after.hot.every((b) => b.height > after.final)).toBe(true)
  // The restart's first transaction undid the hot blocks' inserts (deleted rows) before re-applying
  // the final blocks. Table statistics reach the view shortly after the writer's session ends.
  const deadline = Date.now() + 5_000
  let deleted = after.deleted
  while (deleted <= before.deleted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200))
    deleted = await transfersDeleted()
  }
  expect(deleted).toBeGreaterThan(before.deleted)
}

/** Indexes the same chain into a fresh database and compares every entity table with `db`. */
async function expectEqualToCleanIndex(name: string) {
  const clean: DbSettings = await db.createDatabase(name)
  await indexToHead(clean)
  const [a, b] = await Promise.all([digestTables(db.settings), digestTables(clean)])
  expect(Object.keys(a).length).toBeGreaterThan(30)
  expect(a.token_transfer?.split(':')[0]).not.toBe('0')
  expect(a).toEqual(b)
}

/** Restarts to the head, checks the hot blocks of `before` went through a rollback, compares with a clean index. */
async function expectRestartLikeCleanIndex(before: Progress, name: string, finality = FINALITY) {
  await indexToHead(db.settings, finality)
  await expectRolledBackAndFinalized(before)
  await expectEqualToCleanIndex(name)
}

describe('restart after the chain moved on by more than the finality depth', () => {
  it('hot blocks that stayed canonical: finalized once, totals equal to a clean re-index', async () => {
    const before = await indexToHeadAndStop()
    await activity(FINALITY + 4, 2)
    // The committed hot blocks are still the chain's blocks.
    expect(await stillOnChain(before)).toEqual(before.hot.map(() => true))
    await expectRestartLikeCleanIndex(before, 'clean_canonical')
  }, 120_000)

  it('hot blocks reorged away while stopped: their rows are gone, totals equal to a clean re-index', async () => {
    const before = await indexToHeadAndStop()
    // Replace the hot blocks (not the finalized one below them) with blocks holding other deposits.
    const depth = before.hot.length
    await anvilReorg(chain.rpcUrl, { wopen: w.stack.wopen, from: chain.accounts[14], depth, salt: 3 })
    await activity(FINALITY + 4, 3)
    expect(await stillOnChain(before)).toEqual(before.hot.map(() => false))
    await expectRestartLikeCleanIndex(before, 'clean_reorged')
  }, 120_000)

  it('stopped again right after the first batch, while the next one was read ahead', async () => {
    const before = await indexToHeadAndStop()
    // Enough blocks for several finalized batches after the restart.
    await activity(120, 4, 10)
    const head = Number((await latest()).number)
    let stopping: Promise<void> | undefined
    const idx = startIndexer({
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      db: db.settings,
      finality: FINALITY,
      // The first commit (the one that rolled the hot blocks back) stops the run while the next
      // batch is being read ahead (fetched, decoded, computed where it may be).
      onBatch: () => {
        stopping ??= idx.stop()
      },
    })
    const deadline = Date.now() + 60_000
    while (!stopping && !idx.failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    await stopping
    expect(idx.failure).toBeUndefined()
    const stoppedAt = await indexedHeight(db.settings)
    expect(stoppedAt).toBeGreaterThan(before.hot[before.hot.length - 1]?.height ?? 0)
    expect(stoppedAt).toBeLessThan(head)
    await expectRolledBackAndFinalized(before)
    await indexToHead(db.settings)
    await expectEqualToCleanIndex('clean_interrupted')
  }, 120_000)

  it('more hot blocks than the first fetched stride: the batches ending inside them are joined', async () => {
    // The first stride after a start is 10 blocks; Subsquid's runner joins batches that end below
    // the last committed hot block into one transaction.
    const finality = 14
    const before = await indexToHeadAndStop(finality)
    await activity(finality + 30, 5)
    await expectRestartLikeCleanIndex(before, 'clean_joined', finality)
  }, 120_000)
})
