/**
 * Soak run (bounded): `npm run soak [-- --minutes 20] [--seed 1] [--rate 25]`.
 *
 * A devnet mining a block a second with reorgs up to the finality depth, the demo economy going on
 * (paid inferences settled by an honest oracle), the indexer and the GraphQL API as child processes
 * of the real CLI and the DuckDB analytics sync as a process of its own, each SIGKILLed and
 * restarted periodically, the auditor auditing what becomes final, and autocannon's explorer query
 * mix against the API throughout. At the end: the index must equal a clean re-index of the final
 * chain, the analytics store a full rebuild from that index, no GraphQL answer may be a 5xx (429
 * from the rate limit counted apart), every audit report must equal a fresh audit's, and RSS per
 * process is reported with its slope. Summary printed and written to test/bench/results/soak.md.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openAnalyticsStore } from '../../../src/analytics/openAnalyticsStore'
import { syncAnalytics } from '../../../src/analytics/syncAnalytics'
import { createAuditScorers } from '../../../src/audit/createAuditScorers'
import { runAuditor } from '../../../src/audit/runAuditor'
import { rpc } from '../../../src/chain/rpc'
import type { DbSettings } from '../../../src/db/dbSettings'
import { dbSettingsToUrl } from '../../../src/db/dbSettings'
import { processorStatusSql } from '../../../src/db/tables/processorStatus'
import { runDemo } from '../../../src/demo/runDemo'
import { writeManifest } from '../../../src/manifest/manifest'
import { freePort } from '../../../src/util/freePort'
import { repoRoot } from '../../../src/util/repoRoot'
import { storeDigest } from '../../analytics/storeDigest'
import { runLoad } from '../../load/autocannon'
import { setupDatabase } from '../../processor/helpers/database'
import { digestTables } from '../../processor/helpers/digest'
import { spawnCli, spawnIndexer, spawnScript } from '../../processor/helpers/indexerProcess'
import { indexedHead, startIndexer } from '../../processor/helpers/indexUntil'
import { startDemoChain } from '../../setup/demoChain'
import { startChainDriver } from './chainDriver'
import { type SoakResult, soakReport } from './report'
import { restartable } from './restartable'
import { type RssSample, rssOf } from './rssSampler'

/** The indexer's finality depth here; reorgs go up to it. */
const FINALITY = 5

function flag(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v = i > 0 ? Number(process.argv[i + 1]) : def
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`)
  return v
}

async function main(): Promise<void> {
  const minutes = flag('minutes', 20)
  const seed = flag('seed', 1)
  const rate = flag('rate', 25)
  const runMs = minutes * 60_000
  // Short runs kill, reorg and sample more often so each still sees several of each.
  const killIndexerMs = flag('kill-indexer-every', Math.min(90, (minutes * 60) / 4)) * 1000
  const killApiMs = flag('kill-api-every', Math.min(120, (minutes * 60) / 3)) * 1000
  const killAnalyticsMs = flag('kill-analytics-every', Math.min(100, (minutes * 60) / 4)) * 1000
  const reorgMs = flag('reorg-every', Math.min(45, (minutes * 60) / 6)) * 1000
  // Every 10 s (at least once a minute): a lifetime between kills must hold several samples.
  const sampleMs = flag('sample-every', 10) * 1000
  const t0 = Date.now()
  const log = (line: string) =>
    console.log(`[soak ${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-soak-'))
  fs.chmodSync(tmp, 0o755)

  const db = await setupDatabase()
  const { devnet, ctx } = await startDemoChain(seed)
  const stops: (() => Promise<unknown>)[] = []
  try {
    log(`devnet ${devnet.rpcUrl}; running the demo economy (small)`)
    const demo = await runDemo(ctx, { maxEmails: 300, inferences: 20, perRound: 10 })
    await rpc(devnet.rpcUrl, 'evm_setIntervalMining', [1])
    const manifestPath = path.join(tmp, 'manifest.json')
    writeManifest(manifestPath, ctx.manifest)
    log(`demo done: ${demo.contributions.length} contributions, ${demo.settlements.length} settlements`)

    const indexer = restartable(
      'indexer',
      () => spawnIndexer({ rpcUrl: devnet.rpcUrl, manifestPath, db: db.settings, finality: FINALITY }),
      { killEveryMs: killIndexerMs, seed: seed + 1, log },
    )
    stops.push(() => indexer.stop())
    // Its own file, not DATA_DIR's: the API (serve) would find it held for writing and run without
    // analytics anyway; here it serves the explorer mix from PostgreSQL.
    const analyticsFile = path.join(tmp, 'soak-analytics.duckdb')
    const analytics = restartable(
      'analytics',
      () =>
        spawnScript('test/bench/soak/analyticsLoop.ts', [dbSettingsToUrl(db.settings), analyticsFile], {}),
      { killEveryMs: killAnalyticsMs, seed: seed + 4, log },
    )
    stops.push(() => analytics.stop())
    const apiPort = await freePort()
    const apiUrl = `http://127.0.0.1:${apiPort}`
    const api = restartable(
      'api',
      () =>
        spawnCli(['serve', '--port', String(apiPort), '--no-evidence'], {
          DB_URL: dbSettingsToUrl(db.settings),
          DB_HOST: '',
          DATA_DIR: tmp,
        }),
      {
        killEveryMs: killApiMs,
        seed: seed + 2,
        log,
        ready: async () => (await fetch(`${apiUrl}/health`).catch(() => undefined)) !== undefined,
      },
    )
    stops.push(() => api.stop())
    await waitFor(async () => (await fetch(`${apiUrl}/health`).catch(() => undefined)) !== undefined, 120_000)
    log(`API answering at ${apiUrl}`)

    const auditor = startAuditorLoop(db.settings, ctx.store, log)
    stops.push(() => auditor.stop())
    const driver = startChainDriver({
      ctx,
      model: demo.model,
      seed: seed + 3,
      maxReorgDepth: FINALITY,
      reorgEveryMs: reorgMs,
      log,
    })
    stops.push(() => driver.stop())

    const rss: RssSample[] = []
    const sample = () => {
      const roles: [string, number | undefined][] = [
        ['indexer', indexer.current.child.pid],
        ['api', api.current.child.pid],
        ['analytics sync', analytics.current.child.pid],
        ['anvil', devnet.pid],
        ['soak (economy, auditor, load)', process.pid],
      ]
      for (const [role, pid] of roles) {
        const mb = pid === undefined ? undefined : rssOf(pid)
        if (pid !== undefined && mb !== undefined) rss.push({ role, pid, atMs: Date.now() - t0, rssMb: mb })
      }
    }
    sample()
    const sampler = setInterval(sample, sampleMs)

    const load = { requests: 0, statusCodes: {} as Record<string, number>, errors: 0, timeouts: 0 }
    // The soak proper starts now (setup and the initial demo not counted).
    const end = Date.now() + runMs
    log(
      `load: explorer mix at ${rate} req/s until ${minutes} min; kills every ~${killIndexerMs / 1000} s (indexer), ~${killApiMs / 1000} s (API), ~${killAnalyticsMs / 1000} s (analytics sync); reorgs every ~${reorgMs / 1000} s`,
    )
    while (Date.now() < end - 1000) {
      const r = await runLoad({
        url: `${apiUrl}/graphql`,
        durationSec: Math.max(1, Math.min(60, Math.floor((end - Date.now()) / 1000))),
        rate,
        connections: 4,
        inferences: demo.inferenceIds.length,
        seed: load.requests + 1,
      })
      load.requests += r.requests
      load.errors += r.errors
      load.timeouts += r.timeouts
      for (const [s, n] of Object.entries(r.statusCodes ?? {}))
        load.statusCodes[s] = (load.statusCodes[s] ?? 0) + n
    }
    clearInterval(sampler)
    sample()
    log(`load done: ${load.requests} requests ${JSON.stringify(load.statusCodes)}`)

    // Wind down: no more kills or reorgs; the chain stops after enough blocks to make all final.
    indexer.calm()
    api.calm()
    analytics.calm()
    await driver.stop()
    await rpc(devnet.rpcUrl, 'evm_setIntervalMining', [0])
    await rpc(devnet.rpcUrl, 'anvil_mine', [`0x${(FINALITY + 2).toString(16)}`])
    const final = await ctx.publicClient.getBlock({ blockTag: 'latest' })
    log(`final block ${final.number} ${final.hash}; waiting for the indexer and the auditor`)
    await waitFor(async () => {
      const h = await indexedHead(db.settings)
      return h?.height === Number(final.number) && h.hash === final.hash
    }, 300_000)
    await waitForAudits(db.settings, 300_000)
    await auditor.stop()
    const indexerExit = await indexer.stop()
    const apiExit = await api.stop()
    const analyticsExit = await analytics.stop()
    log(
      `indexer exit ${JSON.stringify(indexerExit)}, API exit ${JSON.stringify(apiExit)}, analytics exit ${JSON.stringify(analyticsExit)}`,
    )
    const analyticsCheck = await checkAnalytics(db.settings, analyticsFile, path.join(tmp, 'rebuilt.duckdb'))
    log(`analytics: ${JSON.stringify(analyticsCheck)}`)

    log('clean re-index of the final chain and a fresh audit')
    const clean = await db.createDatabase('soak_clean')
    const idx = startIndexer({ rpcUrl: devnet.rpcUrl, manifest: ctx.manifest, db: clean, finality: FINALITY })
    try {
      await idx.waitForHash(Number(final.number), final.hash, 300_000)
    } finally {
      await idx.stop()
    }
    const fresh = startAuditorLoop(clean, ctx.store, log)
    await waitForAudits(clean, 300_000)
    await fresh.stop()

    const [a, b] = await Promise.all([digestTables(db.settings), digestTables(clean)])
    // Audit reports carry their creation time: compared field by field below instead.
    delete a.audit_report
    delete b.audit_report
    const digestDiff = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((t) => a[t] !== b[t])
    const [soakAudits, freshAudits] = await Promise.all([auditRows(db.settings), auditRows(clean)])
    const freshById = new Map(freshAudits.map((r) => [r.id, JSON.stringify(r)]))
    const statuses: Record<string, number> = {}
    for (const r of soakAudits) statuses[r.status] = (statuses[r.status] ?? 0) + 1
    const result: SoakResult = {
      minutes,
      sampleEverySec: sampleMs / 1000,
      seed,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      command: `npm run soak -- --minutes ${minutes} --seed ${seed} --rate ${rate}`,
      chain: { ...driver.stats, finalHeight: Number(final.number) },
      kills: {
        indexer: indexer.kills,
        api: api.kills,
        analytics: analytics.kills,
        apiDownSec: api.downMs / 1000,
      },
      crashes: { indexer: indexer.crashes, api: api.crashes, analytics: analytics.crashes },
      analytics: analyticsCheck,
      load,
      digestEqual: digestDiff.length === 0,
      digestDiff,
      audits: {
        soak: soakAudits.length,
        fresh: freshAudits.length,
        mismatched: soakAudits.filter((r) => freshById.get(r.id) !== JSON.stringify(r)).length,
        statuses,
      },
      rss,
      passed: false,
    }
    const fiveXx = Object.entries(load.statusCodes).some(([s, n]) => Number(s) >= 500 && n > 0)
    result.passed =
      result.digestEqual &&
      !fiveXx &&
      result.audits.mismatched === 0 &&
      result.audits.soak === result.audits.fresh &&
      result.audits.soak > 0 &&
      result.analytics.equal &&
      result.crashes.indexer + result.crashes.api + result.crashes.analytics === 0 &&
      (load.statusCodes['200'] ?? 0) > 0
    for (const out of [...indexer.crashOutput, ...api.crashOutput, ...analytics.crashOutput])
      log(`crash output:\n${out}`)
    const md = soakReport(result)
    console.log(`\n${md}`)
    const file = path.join(repoRoot(), 'test', 'bench', 'results', 'soak.md')
    fs.writeFileSync(file, md)
    log(`written to ${path.relative(repoRoot(), file)}`)
    process.exitCode = result.passed ? 0 : 1
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {})
    await devnet.stop()
    await db.stop()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

/** The continuous auditor against `settings`, restarted after a failure (a database hiccup). */
function startAuditorLoop(
  settings: DbSettings,
  store: Parameters<typeof createAuditScorers>[0],
  log: (line: string) => void,
) {
  const ac = new AbortController()
  const pool = new pg.Pool({ ...settings, max: 2 })
  pool.on('error', () => {})
  const scorers = createAuditScorers(store, { device: 'cpu' })
  const done = (async () => {
    while (!ac.signal.aborted) {
      await runAuditor({
        pool,
        store,
        scorers,
        signal: ac.signal,
        intervalMs: 1000,
        log: (l) => log(`auditor: ${l}`),
      }).catch(async (err: Error) => {
        log(`auditor failed (restarting): ${err.message.split('\n')[0]}`)
        await new Promise((r) => setTimeout(r, 1000))
      })
    }
  })()
  return {
    stop: async () => {
      ac.abort()
      await done
      await scorers.close()
      await pool.end()
    },
  }
}

/**
 * The soak's analytics store after one last round (the loop may have been killed before its
 * last), against a full rebuild from the same database into `rebuiltFile`.
 */
async function checkAnalytics(settings: DbSettings, file: string, rebuiltFile: string) {
  const pool = new pg.Pool({ ...settings, max: 1 })
  pool.on('error', () => {})
  const live = await openAnalyticsStore(file)
  const rebuilt = await openAnalyticsStore(rebuiltFile)
  try {
    const last = await syncAnalytics(live, pool)
    const full = await syncAnalytics(rebuilt, pool, { full: true, prune: false })
    const [a, b] = [await storeDigest(live), await storeDigest(rebuilt)]
    const differ = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((t) => a[t] !== b[t])
    return {
      equal: differ.length === 0 && Object.keys(a).length > 0,
      differ,
      tables: Object.keys(a).length,
      rows: full.rows,
      lastRound: { mode: last.mode, rows: last.rows, changes: last.changes },
      height: last.height,
    }
  } finally {
    live.close()
    rebuilt.close()
    await pool.end()
  }
}

/** Until every finalized settlement has an audit report. */
async function waitForAudits(settings: DbSettings, timeoutMs: number): Promise<void> {
  await waitFor(async () => {
    const c = new pg.Client({ ...settings })
    await c.connect()
    try {
      const r = await c.query<{ missing: number }>(
        `SELECT count(*)::int AS missing FROM settlement s
          WHERE s.block_number <= ${processorStatusSql.finalizedHeight}
            AND NOT EXISTS (SELECT 1 FROM audit_report ar WHERE ar.inference_id = s.inference_id)`,
      )
      return r.rows[0].missing === 0
    } finally {
      await c.end()
    }
  }, timeoutMs)
}

type AuditRow = { id: string; status: string }

/** Every audit report's verdict fields (not its creation time), by id. */
async function auditRows(settings: DbSettings): Promise<AuditRow[]> {
  const c = new pg.Client({ ...settings })
  await c.connect()
  try {
    const r = await c.query<AuditRow>(
      `SELECT id, inference_id, status, reason, max_deviation_ppm, first_offending_contribution, report_hash, method
         FROM audit_report ORDER BY id`,
    )
    return r.rows
  } finally {
    await c.end()
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`soak: condition not met within ${timeoutMs / 1000} s`)
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
