import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AnalyticsStore,
  AnalyticsSyncError,
  openAnalyticsStore,
  queryAnalytics,
  syncAnalytics,
} from '../../src/analytics'
import {
  createDuckDbSource,
  DASHBOARD_QUERIES,
  parseFilters,
  runDashboardQuery,
} from '../../src/api/analytics'
import { applyMigrations } from '../../src/db'
import { startTestDatabase, type TestDatabase } from '../api/testDatabase'
import { growHistory } from '../bench/analytics/growHistory'
import { seedIndexedData } from '../bench/api/seedIndexedData'
import { PG_ANSWERS } from './pgAnswers'
import { storeDigest } from './storeDigest'

const INFERENCES = 1500

/** A small deterministic generator (mulberry32): the same rounds on every run. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let db: TestDatabase
let pool: pg.Pool
let dir: string
const stores: AnalyticsStore[] = []

beforeAll(async () => {
  db = await startTestDatabase()
  await applyMigrations(db.settings)
  await seedIndexedData(db.admin, { inferences: INFERENCES })
  // Spread the settlements (3 s apart as seeded) over ~30 days, out of time order, so hours,
  // days and weeks each hold several and the rollups' buckets are not all one.
  await db.admin.query(
    `UPDATE settlement SET timestamp = timestamp + ((id::int * 7919) % 720) * interval '1 hour' + ((id::int * 31) % 3600) * interval '1 second'`,
  )
  await db.admin.query(
    `UPDATE inference SET requested_at = requested_at + ((id::int * 104729) % 700) * interval '1 hour'`,
  )
  pool = new pg.Pool({ ...db.settings, max: 2 })
  pool.on('error', () => {})
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-rollups-test-'))
}, 180_000)

afterAll(async () => {
  for (const s of stores) s.close()
  await pool?.end()
  await db?.stop()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const open = async (name: string) => {
  const s = await openAnalyticsStore(path.join(dir, name))
  stores.push(s)
  return s
}

/**
 * One round of hostile-looking writes to the rollups' sources, as a reorg, a late audit or an
 * indexer fix would make them: new history, deleted settlements (with their rewards), settlements
 * moved to another hour/week or model, rewards re-pointed to another contributor and datanet or
 * given a new amount, audits added, re-judged and deleted, inferences moved and deleted.
 */
async function mutate(admin: pg.Pool, rnd: () => number, round: number): Promise<void> {
  const pick = (n: number) => Math.floor(rnd() * n)
  const ids = (n: number) => Array.from({ length: n }, () => String(1 + pick(INFERENCES)))
  await growHistory(admin, { after: INFERENCES + round * 100, count: 20 + pick(40) })
  const gone = ids(5)
  await admin.query('DELETE FROM contribution_reward WHERE settlement_id = ANY($1)', [gone])
  await admin.query('DELETE FROM audit_report WHERE inference_id = ANY($1)', [gone])
  await admin.query('DELETE FROM settlement WHERE id = ANY($1)', [gone])
  await admin.query(
    `UPDATE settlement SET timestamp = timestamp + ($2::int - 120) * interval '1 hour' + interval '17 minutes',
       model_id = CASE WHEN $3 THEN '7' ELSE model_id END WHERE id = ANY($1)`,
    [ids(6), pick(240), rnd() < 0.5],
  )
  await admin.query(
    `UPDATE contribution_reward SET contributor_id = (SELECT id FROM account ORDER BY id OFFSET $2 LIMIT 1),
       datanet_id = CASE WHEN $3 THEN NULL ELSE (1 + $2 % 20)::text END, amount = amount * 3 + 1
     WHERE settlement_id = ANY($1)`,
    [ids(6), pick(50), rnd() < 0.2],
  )
  await admin.query(
    `INSERT INTO audit_report (id, inference_id, status, report_hash, created_at)
     SELECT 'x' || $2 || '-' || i, i, (ARRAY['VERIFIED','MISMATCH','UNVERIFIABLE'])[1 + length(i) % 3], 'h', now()
     FROM unnest($1::text[]) AS i ON CONFLICT DO NOTHING`,
    [ids(4), round],
  )
  await admin.query(
    `UPDATE audit_report SET status = CASE status WHEN 'VERIFIED' THEN 'MISMATCH' ELSE 'VERIFIED' END WHERE inference_id = ANY($1)`,
    [ids(5)],
  )
  await admin.query('DELETE FROM audit_report WHERE inference_id = ANY($1)', [ids(3)])
  await admin.query(
    `UPDATE inference SET requested_at = requested_at - interval '3 days' WHERE id = ANY($1)`,
    [ids(5)],
  )
  // A time only a hand-edited database holds: out of the rollups while it lasts (round 2), back
  // in once finite again (round 3), the kept store equal to a rebuild throughout.
  // A year past 9999 (PostgreSQL takes up to 294276) is a finite hour like any other.
  if (round === 2) {
    await admin.query(`UPDATE settlement SET timestamp = 'infinity' WHERE id IN ('11', '12')`)
    await admin.query(`UPDATE settlement SET timestamp = '200000-01-01 10:30:00+00' WHERE id = '13'`)
  }
  if (round === 3)
    await admin.query(
      `UPDATE settlement SET timestamp = '2026-01-09 10:00:00+00' WHERE id IN ('11', '12', '13')`,
    )
  await admin.query(
    `DELETE FROM inference i WHERE id = ANY($1) AND NOT EXISTS (SELECT 1 FROM settlement s WHERE s.inference_id = i.id)
       AND NOT EXISTS (SELECT 1 FROM contribution_reward r WHERE r.inference_id = i.id)
       AND NOT EXISTS (SELECT 1 FROM audit_report a WHERE a.inference_id = i.id)`,
    [ids(40)],
  )
}

describe('analytics rollups', () => {
  it('are kept incrementally through inserts, deletes and moved rows, equal to a rebuild each round', async () => {
    const live = await open('live.duckdb')
    expect((await syncAnalytics(live, pool)).mode).toBe('full')
    const counts = await queryAnalytics(
      live,
      `SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'rollup' ORDER BY 1`,
    )
    expect(counts.rows.map(([t]) => t)).toEqual([
      'audit_datanet_hour',
      'audit_hour',
      'concentration',
      'contributor',
      'contributor_model_total',
      'contributor_total',
      'earned_hour',
      'paid_datanet_hour',
      'paid_hour',
      'requested_hour',
      'revenue_block',
    ])
    for (const [t, n] of counts.rows) expect(Number(n), String(t)).toBeGreaterThan(0)
    const rnd = random(15)
    for (let round = 1; round <= 4; round++) {
      await mutate(db.admin, rnd, round)
      const r = await syncAnalytics(live, pool)
      expect(r.mode).toBe('incremental')
      // Incremental: the round copied changed rows, not the 1,500-inference history.
      expect(r.rows).toBeLessThan(INFERENCES)
      const rebuilt = await open(`rebuilt-${round}.duckdb`)
      await syncAnalytics(rebuilt, pool, { full: true, prune: false })
      const [a, b] = [await storeDigest(live), await storeDigest(rebuilt)]
      expect(Object.keys(a).filter((k) => k.startsWith('rollup.'))).toHaveLength(10)
      expect(a, `round ${round}`).toEqual(b)
    }
  }, 240_000)

  it('keys a contributor whose reward arrives a round before its settlement (as the indexer may write them)', async () => {
    const live = await open('live.duckdb')
    await syncAnalytics(live, pool)
    // The indexer writes with session_replication_role = replica: no foreign-key check, so a
    // reward may name a settlement (and an account) that a later batch brings.
    const client = await db.admin.connect()
    try {
      await client.query('SET session_replication_role = replica')
      await client.query(
        `INSERT INTO contribution_reward (id, settlement_id, inference_id, contribution_id, contributor_id, datanet_id, amount, weight_ppm, position, block_number)
         VALUES ('late-r', 'late-s', '1', NULL, '0xlate', '2', 777, 1, 0, 900000)`,
      )
      expect((await syncAnalytics(live, pool)).mode).toBe('incremental')
      await client.query(
        `INSERT INTO settlement (id, inference_id, model_id, validator_id, protocol_amount, model_owner_amount, stakers_amount,
           contributors_amount, dust, block_number, timestamp, tx_hash)
         VALUES ('late-s', 'late-i', '3', NULL, 1, 2, 3, 777, 0, 900000, '2026-01-05 07:30:00+00', '0x')`,
      )
      expect((await syncAnalytics(live, pool)).mode).toBe('incremental')
      const rebuilt = await open('rebuilt-late.duckdb')
      await syncAnalytics(rebuilt, pool, { full: true, prune: false })
      expect(await storeDigest(live)).toEqual(await storeDigest(rebuilt))
      const top = await queryAnalytics(
        live,
        `SELECT c.id FROM rollup.earned_hour e JOIN rollup.contributor c ON c.key = e.contributor WHERE e.amount = 777`,
      )
      expect(top.rows).toEqual([['0xlate']])
    } finally {
      await client.query(`DELETE FROM contribution_reward WHERE id = 'late-r'`)
      await client.query(`DELETE FROM settlement WHERE id = 'late-s'`)
      client.release()
    }
  }, 120_000)

  it('refuse a round whose sums overflow HUGEINT (forged amounts) and lose nothing: the store stays at its last round', async () => {
    const live = await open('live.duckdb')
    await syncAnalytics(live, pool)
    const before = await storeDigest(live)
    // Two rewards of 10^38 wei (each fits HUGEINT, 10^11 times the OPEN supply: only a forged
    // database holds them) in one settlement: their hour's sum does not fit.
    const forged = "'1000000000000000000000000000000000000'"
    await db.admin.query(
      `INSERT INTO contribution_reward (id, settlement_id, inference_id, contribution_id, contributor_id, datanet_id, amount, weight_ppm, position, block_number)
       SELECT 'forged-' || k, s.id, s.inference_id, NULL, NULL, '1', ${forged}::numeric * 100, 1, 9 + k, s.block_number
       FROM settlement s, generate_series(1, 2) AS k WHERE s.id = '21'`,
    )
    const refused = await syncAnalytics(live, pool).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AnalyticsSyncError)
    expect((refused as Error).message).toMatch(/^Analytics sync failed while updating the rollups\./)
    expect(String((refused as Error).cause)).toMatch(/Overflow in HUGEINT/)
    expect(await storeDigest(live)).toEqual(before)
    await db.admin.query(`DELETE FROM contribution_reward WHERE id LIKE 'forged-%'`)
    expect((await syncAnalytics(live, pool)).mode).toBe('incremental')
    const rebuilt = await open('rebuilt-after-forged.duckdb')
    await syncAnalytics(rebuilt, pool, { full: true, prune: false })
    expect(await storeDigest(live)).toEqual(await storeDigest(rebuilt))
  }, 120_000)

  it('answer every dashboard as PostgreSQL does, for ranges that cut days and weeks', async () => {
    const live = await open('live.duckdb')
    await syncAnalytics(live, pool)
    const source = await createDuckDbSource(live.instance)
    try {
      const span = await db.admin.query<{ lo: Date; hi: Date }>(
        'SELECT min(timestamp) AS lo, max(timestamp) AS hi FROM settlement',
      )
      const { lo, hi } = span.rows[0] as { lo: Date; hi: Date }
      const at = (share: number) =>
        new Date(lo.getTime() + (hi.getTime() - lo.getTime()) * share).toISOString()
      const cases = [
        { from: at(0.1), to: at(0.9), bucket: 'week' },
        { from: at(0.31), to: at(0.33), bucket: 'day' },
        { from: at(0.4), bucket: 'week', datanet: '3' },
        { to: at(0.6), bucket: 'day', model: '7' },
        { from: at(0.05), to: at(0.95), bucket: 'hour', datanet: '5' },
        { from: at(0.5), to: at(0.52), bucket: 'week', model: '7', datanet: '8' },
      ]
      for (const raw of cases) {
        const f = parseFilters(raw)
        for (const q of DASHBOARD_QUERIES) {
          const duck = await runDashboardQuery(source, q, f)
          expect(duck, `${q.name} ${JSON.stringify(raw)}`).toEqual(await PG_ANSWERS[q.name](pool, f))
        }
      }
      // The ranges above do cut weeks: some week rows come from hours, others from the table.
      const cut = parseFilters(cases[0] as Record<string, string>)
      const rows = await runDashboardQuery(
        source,
        DASHBOARD_QUERIES.find(
          (q) => q.name === 'attribution_concentration',
        ) as (typeof DASHBOARD_QUERIES)[number],
        cut,
      )
      const buckets = new Set(rows.map((r) => r.bucket))
      expect(buckets.size).toBeGreaterThan(3)
    } finally {
      source.close()
    }
  }, 120_000)
})
