import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Model, requestInference } from '../contracts/ai/simulate'
import { setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { digestTables } from './helpers/digest'
import { startIndexer } from './helpers/indexUntil'
import { anvilReorg, wopenActivity } from './helpers/rpc'
import { deployAndRunWorkload, type Workload } from './helpers/workload'

const FINALITY = 5

let chain: TestChain
let db: TestDatabase
let w: Workload

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  w = await deployAndRunWorkload(chain, { inferences: 1 })
}, 120_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

const latest = () => chain.publicClient.getBlock({ blockTag: 'latest' })

/** Replaces the last `depth` blocks with blocks holding different WOPEN deposits, then mines one more. */
const reorg = (depth: number, salt: number) =>
  anvilReorg(chain.rpcUrl, { wopen: w.stack.wopen, from: chain.accounts[14], depth, salt })

describe('chain reorganisations while indexing', () => {
  it('rolls back reorgs of 1 to the finality depth and ends equal to a clean re-index', async () => {
    const idx = startIndexer({
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      db: db.settings,
      finality: FINALITY,
    })
    try {
      const model = w.models[0] as Model
      for (const depth of [1, 2, 3, FINALITY]) {
        await wopenActivity(chain.rpcUrl, {
          wopen: w.stack.wopen,
          accounts: chain.accounts.slice(1, 9),
          blocks: depth + 2,
          txsPerBlock: 3,
          seed: depth,
        })
        await requestInference(model, chain.wallets[12], `reorged request ${depth}`)
        let head = await latest()
        await idx.waitForHash(Number(head.number), head.hash)
        const before = await db.query<{ n: string }>('SELECT count(*) AS n FROM inference')
        await reorg(depth, depth)
        head = await latest()
        await idx.waitForHash(Number(head.number), head.hash)
        // The request in the replaced blocks is gone from the index.
        const after = await db.query<{ n: string }>('SELECT count(*) AS n FROM inference')
        expect(Number(after[0].n)).toBe(Number(before[0].n) - 1)
      }
    } finally {
      await idx.stop()
    }
    const clean = await db.createDatabase('clean')
    const head = await latest()
    const fresh = startIndexer({ rpcUrl: chain.rpcUrl, manifest: w.manifest, db: clean, finality: FINALITY })
    try {
      await fresh.waitForHash(Number(head.number), head.hash)
    } finally {
      await fresh.stop()
    }
    const [a, b] = await Promise.all([digestTables(db.settings), digestTables(clean)])
    expect(Object.keys(a).length).toBeGreaterThan(30)
    expect(a).toEqual(b)
  })

  it('stops with a clear error on a reorg deeper than the finality depth (re-index needed)', async () => {
    await wopenActivity(chain.rpcUrl, {
      wopen: w.stack.wopen,
      accounts: chain.accounts.slice(1, 9),
      blocks: FINALITY + 6,
      txsPerBlock: 2,
    })
    const idx = startIndexer({
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      db: db.settings,
      finality: FINALITY,
    })
    try {
      let head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      await reorg(FINALITY + 3, 99)
      head = await latest()
      const deadline = Date.now() + 20_000
      while (!idx.failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      expect(
        idx.failure,
        'the indexer must not carry on silently over a changed finalized block',
      ).toBeDefined()
      expect((idx.failure as Error).name).toBe('DeepReorgError')
      expect((idx.failure as Error).message).toMatch(/reorg deeper than the finality depth/)
    } finally {
      await idx.stop()
    }
  })
})
