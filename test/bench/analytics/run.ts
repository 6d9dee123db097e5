/**
 * Analytics benchmark: a generated history of ≥10M contribution rewards (with the matching
 * settlements, inferences, contributions and audits) in PostgreSQL with the product's
 * migrations and indexes; then the sync into an empty DuckDB (rows/s), an incremental round after
 * 1 % more history, each dashboard query on DuckDB (over the rollups, as the API runs it) and the
 * same question on PostgreSQL from the indexer's tables (direct/*.sql; a dashboard without a
 * direct file runs its own text), and the DuckDB file against the PostgreSQL tables it mirrors.
 * Writes test/bench/results/analytics.md and .json.
 *
 * Run:
 *   npm run bench:analytics -- [--scale 1] [--dashboards DIR] [--direct DIR] [--runs 5] [--out DIR]
 * --scale multiplies the 10M rewards (0.001: 10k rewards, seconds; a smoke run). --generate-only
 * stops after the history exists (to generate it ahead of a timed run). --skip-sync times the
 * queries on the DuckDB file an earlier run synced (no sync numbers); --passes 'model 7,datanet 3'
 * runs only those filter passes; --pg-timeout-ms (120000) stops a PostgreSQL statement (reported as
 * "> that"). The PostgreSQL
 * cluster lives in .data/bench-analytics and is reused while its size matches; the DuckDB file
 * is deleted first, so every run syncs from empty.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { CAPTURE_SCHEMA, openAnalyticsStore, syncAnalytics } from '../../../src/analytics'
import {
  applyMigrations,
  dropSecondaryIndexes,
  restoreDeferredIndexes,
  runSql,
  startEmbeddedPostgres,
} from '../../../src/db'
import { repoRoot } from '../../../src/util/repoRoot'
import { seedIndexedData } from '../api/seedIndexedData'
import { type BenchFilters, type BenchQuery, loadBenchQueries, pairQueries } from './benchQueries'
import { growHistory, shrinkHistory } from './growHistory'
import { installPgCompat } from './pgCompat'
import { type BenchReport, type QueryTiming, writeReport } from './writeReport'

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : def
}
const SCALE = Number(arg('scale', '1'))
const REWARDS = Math.round(10_000_000 * SCALE)
// seedIndexedData settles 80 % of the inferences with two rewards each: 1.6 rewards per inference.
const INFERENCES = Math.ceil(REWARDS / 1.6)
const RUNS = Number(arg('runs', '5'))
// A PostgreSQL statement running longer is stopped and reported as "> this" (two direct queries
// with a datanet ran 11 minutes before one was cancelled by hand).
const PG_TIMEOUT_MS = Number(arg('pg-timeout-ms', '120000'))

const USAGE = `npm run bench:analytics -- [options]
  --scale N          multiplies the 10M rewards (default 1; 0.001 is a one-minute smoke run)
  --runs N           timed runs per query after a warm-up (default 5, fewer past ~20 s)
  --passes LIST      only these filter passes: 'all history,model 7,one week,datanet 3'
  --generate-only    stop once the history exists in PostgreSQL
  --skip-sync        time the queries on the DuckDB file an earlier run synced
  --pg-timeout-ms N  stop a PostgreSQL statement after N ms (default 120000)
  --dashboards DIR   DuckDB's SQL (default dashboards/)
  --direct DIR       PostgreSQL's SQL for the same questions (default test/bench/analytics/direct/)
  --out DIR          where analytics.md and .json go (default test/bench/results/)`

async function main() {
  if (process.argv.includes('--help')) {
    console.log(USAGE)
    return
  }
  const root = repoRoot()
  const outDir = path.resolve(arg('out', path.join(root, 'test', 'bench', 'results')))
  const dataDir = path.join(root, '.data', `bench-analytics${SCALE === 1 ? '' : `-${SCALE}`}`)
  fs.mkdirSync(dataDir, { recursive: true })
  fs.chmodSync(dataDir, 0o777)
  const loadAtStart = os.loadavg()
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'pg'),
    durable: false,
    database: 'bench',
  })
  const s = server.settings
  const admin = new pg.Pool({ ...s, max: 4 })
  admin.on('error', () => {})
  const duckFile = path.join(dataDir, 'analytics.duckdb')
  try {
    await admin.query("SET TimeZone = 'UTC'")
    const seeded = await ensureHistory(admin, s)
    if (process.argv.includes('--generate-only')) return
    await installPgCompat(admin)
    const skipSync = process.argv.includes('--skip-sync')
    if (!skipSync) {
      for (const f of [duckFile, `${duckFile}.wal`]) fs.rmSync(f, { force: true })
      fs.rmSync(`${duckFile}.sync`, { recursive: true, force: true })
    }
    const store = await openAnalyticsStore(duckFile)
    try {
      const sync = skipSync ? undefined : await timeSync(store, admin)
      await store.connection.run('CHECKPOINT')
      const sizes = await compareSizes(admin, store.connection, duckFile)
      const dashboards = arg('dashboards', path.join(root, 'dashboards'))
      const direct = arg('direct', path.join(root, 'test', 'bench', 'analytics', 'direct'))
      const filters = { from: null, to: null, model: null, datanet: null, bucket: 'day' as const, limit: 20 }
      // DuckDB runs the dashboards as the product does (over the rollups the sync keeps);
      // PostgreSQL answers the same question from the indexer's tables (direct/*.sql).
      const load = (f: BenchFilters) =>
        pairQueries(loadBenchQueries(dashboards, f), loadBenchQueries(direct, f))
      const { source, queries } = load(filters)
      // Each dashboard with the filters it takes: the whole history, then one model, one week and
      // one datanet where its SQL names that parameter (an index can help PostgreSQL there).
      const passes: [string, BenchQuery[]][] = [['all history', queries]]
      for (const [label, extra, param] of [
        ['model 7', { model: '7' }, '$model'],
        ['one week', { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' }, '$from'],
        ['datanet 3', { datanet: '3' }, '$datanet'],
      ] as const)
        passes.push([label, load({ ...filters, ...extra }).queries.filter((q) => q.sql.includes(param))])
      const only = arg('passes', '')
      const timings: QueryTiming[] = []
      for (const [label, set] of passes.filter(([l]) => !only || only.split(',').includes(l)))
        for (const q of set) timings.push(await timeQuery(q, label, admin, store.connection))
      const report: BenchReport = {
        at: new Date().toISOString(),
        machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
        load: { start: loadAtStart, end: os.loadavg() },
        scale: SCALE,
        rows: seeded,
        querySource: source,
        sync,
        sizes,
        timings,
      }
      writeReport(outDir, report)
      log(`results in ${path.relative(root, outDir)}/analytics.md`)
    } finally {
      store.close()
    }
  } finally {
    await admin.end().catch(() => {})
    await server.stop()
  }
}

async function timeSync(store: Awaited<ReturnType<typeof openAnalyticsStore>>, admin: pg.Pool) {
  log(`sync from an empty DuckDB ...`)
  const initial = await syncAnalytics(store, admin)
  log(
    `  ${initial.rows} rows in ${(initial.ms / 1000).toFixed(1)} s = ${rate(initial.rows, initial.ms)} rows/s (rollups built in ${(initial.rollupMs / 1000).toFixed(1)} s)`,
  )
  const added = await growHistory(admin, { after: INFERENCES, count: Math.ceil(INFERENCES / 100) })
  const incremental = await syncAnalytics(store, admin)
  log(
    `  incremental: ${incremental.rows} rows (${added} written) in ${incremental.ms.toFixed(0)} ms (rollups ${incremental.rollupMs} ms)`,
  )
  await shrinkHistory(admin, { after: INFERENCES, count: Math.ceil(INFERENCES / 100) })
  const back = await syncAnalytics(store, admin)
  log(`  back to the seeded history: ${back.changes} changes in ${back.ms.toFixed(0)} ms`)
  return { initial, incremental, added }
}

async function ensureHistory(admin: pg.Pool, s: Parameters<typeof applyMigrations>[0]) {
  await applyMigrations(s)
  const count = async (t: string) => Number((await admin.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n)
  // A marker written last, so a run stopped halfway through generating regenerates everything.
  await admin.query('CREATE TABLE IF NOT EXISTS bench_history (inferences int NOT NULL)')
  const marker = (await admin.query('SELECT inferences FROM bench_history')).rows[0]?.inferences
  if (marker !== INFERENCES) {
    await admin.query('DELETE FROM bench_history')
    // Without the change capture of an earlier run: its triggers would log every generated row.
    await admin.query(`DROP SCHEMA IF EXISTS ${CAPTURE_SCHEMA} CASCADE`)
    log(`generating ${INFERENCES} inferences (${REWARDS} rewards) with generate_series ...`)
    const t = performance.now()
    await admin.query(
      'TRUNCATE account, datanet, model, model_version, validator, contribution, inference, settlement, contribution_reward, audit_report, proposal, proposal_action, vote CASCADE',
    )
    // Secondary indexes are built once after the rows, as the indexer's first sync does.
    const client = await admin.connect()
    try {
      await dropSecondaryIndexes(runSql(client))
      // As the indexer writes: the rows are consistent by construction, so foreign keys are not
      // re-checked row by row (40M queued checks for 10M rewards otherwise).
      await client.query('SET session_replication_role = replica')
      await seedIndexedData(client, { inferences: INFERENCES })
      await client.query('SET session_replication_role = DEFAULT')
    } finally {
      client.release()
    }
    const built = await restoreDeferredIndexes(s)
    await admin.query('VACUUM ANALYZE')
    await admin.query('INSERT INTO bench_history VALUES ($1)', [INFERENCES])
    log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s, ${built} indexes rebuilt`)
  }
  return {
    contribution_reward: await count('contribution_reward'),
    settlement: await count('settlement'),
    inference: await count('inference'),
  }
}

async function timeQuery(
  q: BenchQuery,
  filter: string,
  admin: pg.Pool,
  duck: Awaited<ReturnType<typeof openAnalyticsStore>>['connection'],
): Promise<QueryTiming> {
  const duckRun = async () => {
    const t = performance.now()
    const r = await duck.runAndReadAll(q.sql, q.duck.values, q.duck.types)
    return { ms: performance.now() - t, rows: r.currentRowCount }
  }
  const pgRun = async () => {
    const client = await admin.connect()
    try {
      await client.query(`SET statement_timeout = ${PG_TIMEOUT_MS}`)
      const t = performance.now()
      const r = await client.query(q.pg.sql, q.pg.values)
      return { ms: performance.now() - t, rows: r.rowCount ?? 0 }
    } finally {
      await client.query('RESET statement_timeout').catch(() => {})
      client.release()
    }
  }
  const duckMs = await measure(duckRun)
  let pgMs: QueryTiming['postgres']
  try {
    pgMs = await measure(pgRun)
  } catch (e) {
    const error = (e as Error).message.split('\n')[0] ?? ''
    pgMs = /statement timeout/.test(error) ? { error, timeoutMs: PG_TIMEOUT_MS } : { error }
  }
  const timing: QueryTiming = { name: q.name, filter, duckdb: duckMs, postgres: pgMs }
  log(
    `  ${q.name} (${filter}): DuckDB ${duckMs.median.toFixed(1)} ms, PostgreSQL ${'median' in pgMs ? `${pgMs.median.toFixed(1)} ms` : pgMs.error}`,
  )
  return timing
}

// One warm-up, then up to RUNS runs (fewer when one takes long: at most ~20 s per query and engine).
async function measure(run: () => Promise<{ ms: number; rows: number }>) {
  const warm = await run()
  const runs = Math.max(1, Math.min(RUNS, Math.floor(20_000 / Math.max(warm.ms, 1))))
  const ms: number[] = []
  for (let i = 0; i < runs; i++) ms.push((await run()).ms)
  ms.sort((a, b) => a - b)
  return { median: ms[Math.floor(ms.length / 2)], rows: warm.rows, runs }
}

async function compareSizes(
  admin: pg.Pool,
  duck: Awaited<ReturnType<typeof openAnalyticsStore>>['connection'],
  duckFile: string,
) {
  const tables = (
    await duck.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1")
  )
    .getRowsJson()
    .map(([t]) => String(t))
  const { rows } = await admin.query(
    `SELECT sum(pg_total_relation_size(quote_ident(t)))::bigint AS total, sum(pg_table_size(quote_ident(t)))::bigint AS heap
       FROM unnest($1::text[]) AS t WHERE to_regclass(quote_ident(t)) IS NOT NULL`,
    [tables],
  )
  const wal = fs.existsSync(`${duckFile}.wal`) ? fs.statSync(`${duckFile}.wal`).size : 0
  return {
    tables: tables.length,
    duckdbBytes: fs.statSync(duckFile).size + wal,
    pgTotalBytes: Number(rows[0].total),
    pgTableBytes: Number(rows[0].heap),
  }
}

function rate(rows: number, ms: number) {
  return Math.round(rows / (ms / 1000)).toLocaleString('en-US')
}

function log(line: string) {
  console.log(`[bench:analytics] ${line}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
