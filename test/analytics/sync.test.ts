import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnalyticsStore, openAnalyticsStore, queryAnalytics, syncAnalytics } from '../../src/analytics'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { startIndexer } from '../processor/helpers/indexUntil'
import { wopenActivity } from '../processor/helpers/rpc'
import { deployAndRunWorkload, type Workload } from '../processor/helpers/workload'
import { setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { storeDigest } from './storeDigest'

let chain: TestChain
let db: TestDatabase
let w: Workload
let pool: pg.Pool
let dir: string
const stores: AnalyticsStore[] = []

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  w = await deployAndRunWorkload(chain, { inferences: 2 })
  pool = new pg.Pool({ ...db.settings, max: 2 })
  pool.on('error', () => {}) // idle connections end when the server stops
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-analytics-test-'))
}, 180_000)

afterAll(async () => {
  for (const s of stores) s.close()
  await pool?.end()
  await Promise.all([chain?.stop(), db?.stop()])
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const open = async (name: string) => {
  const s = await openAnalyticsStore(path.join(dir, name))
  stores.push(s)
  return s
}

/** count and exact sum of every numeric column, per table, as PostgreSQL computes them. */
async function pgTotals(): Promise<Record<string, string>> {
  const cols = await db.query<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
     WHERE table_schema = 'public' AND udt_name = 'numeric' AND table_name <> 'migrations' ORDER BY 1, 2`,
  )
  const out: Record<string, string> = {}
  for (const { t, c } of cols) {
    const r = await db.query<{ n: string; s: string | null }>(
      `SELECT count(*)::text AS n, sum("${c}")::text AS s FROM "${t}"`,
    )
    out[`${t}.${c}`] = `${r[0].n}:${r[0].s}`
  }
  return out
}

async function duckTotals(store: AnalyticsStore, keys: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const key of keys) {
    const [t, c] = key.split('.')
    const r = await queryAnalytics(store, `SELECT count(*)::VARCHAR, sum("${c}")::VARCHAR FROM "${t}"`)
    out[key] = `${r.rows[0]?.[0]}:${r.rows[0]?.[1]}`
  }
  return out
}

describe('analytics sync', () => {
  it('copies every entity table with exact amounts, then applies only what changed, equal to a rebuild', async () => {
    const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest: w.manifest, db: db.settings, finality: 5 })
    try {
      const head = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
      await idx.waitFor(head)
      const live = await open('live.duckdb')
      const first = await syncAnalytics(live, pool)
      expect(first.mode).toBe('full')
      expect(first.tables.length).toBeGreaterThan(30)
      expect(first.rows).toBeGreaterThan(100)
      const totals = await pgTotals()
      expect(await duckTotals(live, Object.keys(totals))).toEqual(totals)

      // More blocks: only changed rows travel.
      await wopenActivity(chain.rpcUrl, {
        wopen: w.stack.wopen,
        accounts: chain.accounts.slice(1, 6),
        blocks: 4,
        txsPerBlock: 3,
        seed: 7,
      })
      const head2 = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
      await idx.waitFor(head2)
      const second = await syncAnalytics(live, pool)
      expect(second.mode).toBe('incremental')
      expect(second.changes).toBeGreaterThan(0)
      expect(second.rows).toBeLessThan(first.rows)
      expect(second.height).toBe(head2)
      const rebuilt = await open('rebuilt.duckdb')
      await syncAnalytics(rebuilt, pool, { full: true, prune: false })
      expect(await storeDigest(live)).toEqual(await storeDigest(rebuilt))
      // The change log is pruned once applied.
      const left = await db.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM openledger_analytics.change',
      )
      expect(left[0].n).toBe('0')
    } finally {
      await idx.stop()
    }
  })
})
