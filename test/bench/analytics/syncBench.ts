/**
 * Analytics sync benchmark (`npx tsx test/bench/analytics/syncBench.ts`): what the change-capture
 * triggers cost the indexer, and how fast the sync moves rows into DuckDB.
 *
 * 1. A generated WOPEN chain (bulk shape: BENCH_BLOCKS × BENCH_TXS transfers) is indexed from
 *    genesis in a child process (no receipts: WOPEN is not a gas contract) (test/bench/indexer/benchChild.ts) into a fresh database, with and
 *    without the triggers installed (migrations applied first in both, so the only difference is
 *    the triggers), alternating, BENCH_RUNS times each; medians reported.
 * 2. On the database indexed with triggers: an incremental round applying the whole change log
 *    (what `start` does after a backlog), then a full rebuild into an empty DuckDB file.
 * Writes test/bench/results/analyticsSync.{json,md}.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { ensureChangeCapture } from '../../../src/analytics/ensureChangeCapture'
import { readMirroredTables } from '../../../src/analytics/mirroredTables'
import { openAnalyticsStore } from '../../../src/analytics/openAnalyticsStore'
import { syncAnalytics } from '../../../src/analytics/syncAnalytics'
import { createClients } from '../../../src/chain/createClients'
import { deployContract } from '../../../src/chain/deployContract'
import { startDevnet } from '../../../src/chain/startDevnet'
import { applyMigrations } from '../../../src/db/applyMigrations'
import type { DbSettings } from '../../../src/db/dbSettings'
import { startEmbeddedPostgres } from '../../../src/db/startEmbeddedPostgres'
import type { Manifest } from '../../../src/manifest/manifest'
import { GAS_CONTRACTS } from '../../../src/processor/processor'
import { generateWopenWorkload } from '../indexer/generateWorkload'
import { runBenchChild } from '../indexer/runBenchChild'

const ROOT = path.resolve(__dirname, '..', '..', '..')
const env = (k: string, d: number) => Number(process.env[k] ?? d)

type IndexRun = { seconds: number; eventsPerSecond: number; events: number }

async function freshDatabase(server: DbSettings, name: string, capture: boolean): Promise<DbSettings> {
  const admin = new pg.Client({ ...server })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name}`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const settings = { ...server, database: name }
  await applyMigrations(settings)
  if (capture) {
    const client = new pg.Client({ ...settings })
    await client.connect()
    await ensureChangeCapture(client, await readMirroredTables(client))
    await client.end()
  }
  return settings
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-bench-analytics-'))
  fs.chmodSync(dir, 0o777)
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), durable: true })
  const devnet = await startDevnet({ accounts: 20, gasLimit: 300_000_000n })
  try {
    const { publicClient, wallet, devWallet } = createClients({
      rpcUrl: devnet.rpcUrl,
      chainId: devnet.chainId,
    })
    const wopen = await deployContract({ root: ROOT, wallet, publicClient, name: 'WOPEN' })
    const accounts = Array.from({ length: 20 }, (_, i) => devWallet(i).account.address)
    const blocks = env('BENCH_BLOCKS', 100)
    const txs = env('BENCH_TXS', 500)
    const head = await generateWopenWorkload(devnet.rpcUrl, { wopen, accounts, blocks, txsPerBlock: txs })
    const manifest: Manifest = {
      version: 1,
      chainId: devnet.chainId,
      contracts: { WOPEN: { address: wopen, startBlock: 0 } },
    }
    const runs: Record<'plain' | 'capture', IndexRun[]> = { plain: [], capture: [] }
    let captured: DbSettings | undefined
    for (let i = 0; i < env('BENCH_RUNS', 3); i++) {
      for (const mode of ['plain', 'capture'] as const) {
        const db = await freshDatabase(server.settings, `bench_${mode}`, mode === 'capture')
        const r = await runBenchChild<IndexRun>({
          rpcUrl: devnet.rpcUrl,
          manifest,
          target: head,
          store: 'postgres',
          db,
          transactionsFor: [...GAS_CONTRACTS],
        })
        console.log(
          `run ${i + 1} ${mode}: ${r.events} events in ${r.seconds.toFixed(2)} s (${r.eventsPerSecond.toFixed(0)} events/s)`,
        )
        runs[mode].push(r)
        if (mode === 'capture') captured = db
      }
    }
    const pool = new pg.Pool({ ...(captured as DbSettings), max: 2 })
    const changes = await pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM openledger_analytics.change',
    )
    // Incremental: a store synced in full re-applies the whole log by ids (no whole-table copies).
    const incStore = await openAnalyticsStore(path.join(dir, 'incremental.duckdb'))
    await syncAnalytics(incStore, pool, { full: true, prune: false })
    const inc = await syncAnalytics(incStore, pool, { prune: false, wholeTableShare: 2 })
    const fullStore = await openAnalyticsStore(path.join(dir, 'full.duckdb'))
    const full = await syncAnalytics(fullStore, pool, { full: true, prune: false })
    incStore.close()
    fullStore.close()
    await pool.end()
    const plain = median(runs.plain.map((r) => r.seconds))
    const capture = median(runs.capture.map((r) => r.seconds))
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
      workload: { blocks: head + 1, transfersPerBlock: txs, events: runs.plain[0]?.events },
      indexer: {
        plainSeconds: runs.plain.map((r) => r.seconds),
        captureSeconds: runs.capture.map((r) => r.seconds),
        medianPlain: plain,
        medianCapture: capture,
        overhead: capture / plain - 1,
      },
      changeLogRows: Number(changes.rows[0]?.n),
      incrementalRound: {
        rows: inc.rows,
        changes: inc.changes,
        ms: inc.ms,
        rowsPerSecond: (inc.rows * 1000) / inc.ms,
      },
      fullRebuild: { rows: full.rows, ms: full.ms, rowsPerSecond: (full.rows * 1000) / full.ms },
    }
    const out = process.env.BENCH_OUT ?? path.join(ROOT, 'test', 'bench', 'results')
    fs.mkdirSync(out, { recursive: true })
    fs.writeFileSync(path.join(out, 'analyticsSync.json'), `${JSON.stringify(results, null, 2)}\n`)
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`
    fs.writeFileSync(
      path.join(out, 'analyticsSync.md'),
      [
        '# Analytics sync benchmark',
        '',
        `${results.date} — ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}. Run with \`npx tsx test/bench/analytics/syncBench.ts\`.`,
        '',
        `Workload: ${results.workload.blocks} blocks × ${txs} WOPEN transfers (${results.workload.events} events), indexed from genesis into a fresh database, median of ${runs.plain.length} runs each.`,
        '',
        '| indexer | seconds (runs) | median |',
        '|---|---|---|',
        `| without change capture | ${results.indexer.plainSeconds.map((s) => s.toFixed(2)).join(', ')} | ${plain.toFixed(2)} |`,
        `| with change-capture triggers | ${results.indexer.captureSeconds.map((s) => s.toFixed(2)).join(', ')} | ${capture.toFixed(2)} |`,
        '',
        `Trigger overhead on indexing: ${pct(results.indexer.overhead)} (${results.changeLogRows} change-log rows).`,
        '',
        '| sync round | rows | ms | rows/s |',
        '|---|---|---|---|',
        `| incremental, the whole change log (${inc.changes} changes) | ${inc.rows} | ${inc.ms} | ${results.incrementalRound.rowsPerSecond.toFixed(0)} |`,
        `| full rebuild into an empty DuckDB | ${full.rows} | ${full.ms} | ${results.fullRebuild.rowsPerSecond.toFixed(0)} |`,
        '',
      ].join('\n'),
    )
    console.log(fs.readFileSync(path.join(out, 'analyticsSync.md'), 'utf8'))
  } finally {
    await devnet.stop()
    await server.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
