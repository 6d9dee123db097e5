/**
 * API benchmark: the explorer query mix against a database of ≥1M rows in the real schema's
 * tables, at fixed request rates (and flat out), for this API and @subsquid/graphql-server side
 * by side on the same database and schema. Writes test/bench/results/api.md and api.json.
 *
 * The peer is installed on first use outside this repository's dependencies, as for the parity
 * test (test/setup/openReaderPeer.ts, versions locked in test/setup/openreader-peer/); --peer-dir
 * names a folder holding it instead.
 * Fixed rates use the open-loop generator test/load/fixedRate.ts; "max" is autocannon flat out.
 * Run:
 *   npm run bench:api -- [--inferences 300000] [--duration 10] [--rates 100,250,500,750,1000] [--peer-dir DIR] [--no-peer]
 * Everything listens on 127.0.0.1; the database lives in .data/bench-api and is reused when seeded.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { applyMigrations, dbSettingsToEnv, dbSettingsToUrl, startEmbeddedPostgres } from '../../../src/db'
import { freePort } from '../../../src/util/freePort'
import { repoRoot } from '../../../src/util/repoRoot'
import { type LoadResult, runLoad } from '../../load/autocannon'
import { runFixedRate } from '../../load/fixedRate'
import { ensureOpenReaderPeer } from '../../setup/openReaderPeer'
import { seedIndexedData } from './seedIndexedData'

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : def
}
const INFERENCES = Number(arg('inferences', '300000'))
const DURATION = Number(arg('duration', '10'))
const RATES = arg('rates', '100,250,500,750,1000').split(',').map(Number)
const PEER_DIR = arg('peer-dir', '')
const WITH_PEER = !process.argv.includes('--no-peer')
const CONNECTIONS = Number(arg('connections', '32'))
const LOAD_AT_START = os.loadavg().map((x) => Math.round(x * 100) / 100)

const NOTES = [
  'Reading the numbers: "errors" at rates past saturation are requests the open-loop generator dropped because 256',
  "were already in flight. The explorer pages' filters have composite indexes (schema.graphql: a datanet's contributions",
  "by status and block, a model's or caller's inferences by block, a validator's settlements by block); both servers",
  'read the same database, so both use them.',
]

type Row = { server: string; rate: number | 'max'; result: LoadResult }

async function main() {
  const root = repoRoot()
  const dataDir = path.join(root, '.data', 'bench-api')
  fs.mkdirSync(dataDir, { recursive: true })
  fs.chmodSync(dataDir, 0o777)
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'pg'),
    durable: false,
    database: 'bench',
  })
  const s = server.settings
  const admin = new pg.Pool({
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password: s.password,
    max: 2,
  })
  admin.on('error', () => {})
  const cleanup: (() => Promise<unknown>)[] = [() => server.stop(), () => admin.end()]
  try {
    const rows = await ensureData(admin, s)
    const schemaText = fs.readFileSync(path.join(root, 'schema.graphql'), 'utf8')
    const results: Row[] = []
    // Both servers run in their own process (autocannon must not share their event loop), with
    // NODE_ENV=production (graphql-js skips its development-mode checks).
    const ours = await startOurs(s, root)
    cleanup.unshift(async () => ours.proc.kill('SIGTERM'))
    await measure('openledger-api (Apollo 5)', ours.url, results)
    ours.proc.kill('SIGTERM')
    if (WITH_PEER) {
      const peer = await startPeer(s, schemaText)
      cleanup.unshift(async () => peer.proc.kill('SIGTERM'))
      await measure('@subsquid/graphql-server 4.11', peer.url, results)
      peer.proc.kill('SIGTERM')
    }
    writeResults(root, rows, results)
  } finally {
    for (const c of cleanup) await c().catch(() => {})
  }
}

async function ensureData(admin: pg.Pool, s: Parameters<typeof applyMigrations>[0]): Promise<number> {
  await applyMigrations(s)
  const { rows } = await admin.query('SELECT count(*)::int AS n FROM inference')
  if (rows[0].n !== INFERENCES) {
    console.log(`[bench] seeding ${INFERENCES} inferences ...`)
    const t = Date.now()
    await admin.query(
      'TRUNCATE account, datanet, model, model_version, validator, contribution, inference, settlement, contribution_reward, audit_report, proposal, proposal_action, vote CASCADE',
    )
    await seedIndexedData(admin, { inferences: INFERENCES })
    console.log(`[bench] seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  }
  const count = await admin.query(
    `SELECT sum(n_live_tup)::bigint AS n FROM pg_stat_user_tables WHERE schemaname = 'public'`,
  )
  const total = Number(count.rows[0].n)
  console.log(`[bench] database holds ${total} rows`)
  return total
}

async function measure(name: string, url: string, out: Row[]) {
  // Warm up caches (document cache, plan cache, shared buffers) before measuring.
  await runLoad({ url, durationSec: 3, connections: 8, inferences: INFERENCES, seed: 99 })
  for (const rate of RATES) {
    const result = await runFixedRate({ url, durationSec: DURATION, rate, inferences: INFERENCES })
    out.push({ server: name, rate, result })
    console.log(`[bench] ${name} @${rate}/s: ${fmt(result)}`)
  }
  const result = await runLoad({
    url,
    durationSec: DURATION,
    connections: CONNECTIONS,
    inferences: INFERENCES,
  })
  out.push({ server: name, rate: 'max', result })
  console.log(`[bench] ${name} flat out: ${fmt(result)}`)
}

function fmt(r: LoadResult) {
  return `${r.rps} req/s, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors + r.non2xx + r.graphqlErrors}`
}

async function startOurs(s: Parameters<typeof dbSettingsToUrl>[0], root: string) {
  const port = await freePort()
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'src', 'cli', 'main.ts'),
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--rate-limit',
      '0',
    ],
    {
      cwd: root,
      env: { ...process.env, DB_URL: dbSettingsToUrl(s), NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  return { proc, url: await waitForServer(proc, port) }
}

async function waitForServer(proc: ChildProcess, port: number): Promise<string> {
  const url = `http://127.0.0.1:${port}/graphql`
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      })
      if (r.status < 500) return url
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  proc.kill('SIGTERM')
  throw new Error(`server on port ${port} did not start`)
}

async function startPeer(s: Parameters<typeof dbSettingsToEnv>[0], schemaText: string) {
  const dir = PEER_DIR || (await ensureOpenReaderPeer())
  const bin = path.join(dir, 'node_modules', '@subsquid', 'graphql-server', 'bin', 'run.js')
  if (!fs.existsSync(bin))
    throw new Error(`peer not installed: ${bin} (--peer-dir names a folder without it)`)
  // graphql-server reads schema.graphql from its working directory.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'sqd-peer-'))
  fs.writeFileSync(path.join(cwd, 'schema.graphql'), schemaText)
  const port = await freePort()
  const proc: ChildProcess = spawn(process.execPath, [bin], {
    cwd,
    env: { ...process.env, ...dbSettingsToEnv(s), GQL_PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return { proc, url: await waitForServer(proc, port) }
}

function writeResults(root: string, rows: number, results: Row[]) {
  const dir = path.join(root, 'test', 'bench', 'results')
  fs.mkdirSync(dir, { recursive: true })
  const meta = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    databaseRows: rows,
    inferences: INFERENCES,
    durationSec: DURATION,
    connections: CONNECTIONS,
    loadAverageAtStart: LOAD_AT_START,
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    note: 'server, PostgreSQL and the load generator share the same machine (and, here, other jobs: see the load averages). Fixed rates: open-loop generator (test/load/fixedRate.ts), latency from each request\'s due time. "max": autocannon flat out with 32 connections, latency per response',
  }
  fs.writeFileSync(path.join(dir, 'api.json'), `${JSON.stringify({ meta, results }, null, 2)}\n`)
  const lines = [
    '# API benchmark: explorer query mix',
    '',
    `${meta.date} · ${meta.machine} · ${rows.toLocaleString('en')} rows · ${DURATION} s per step · ${CONNECTIONS} connections`,
    `load average (1/5/15 min) at start ${meta.loadAverageAtStart.join(' / ')}, at end ${meta.loadAverageAtEnd.join(' / ')}`,
    '',
    'Mix (test/load/explorerMix.ts): inference by id with settlement and rewards, filtered lists with relation filters,',
    'a connection with totalCount, a datanet with nested contributions, contribution by id, validator settlements, model list,',
    'an audit-report connection. Both servers read the same PostgreSQL 17 database and schema.graphql.',
    '',
    '| server | target req/s | achieved req/s | p50 ms | p95 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.server} | ${r.rate} | ${r.result.rps} | ${r.result.latencyMs.p50} | ${r.result.latencyMs.p95} | ${r.result.latencyMs.p99} | ${r.result.errors + r.result.non2xx + r.result.graphqlErrors} |`,
    ),
    '',
    `Note: ${meta.note}.`,
    '',
    ...NOTES,
    '',
  ]
  fs.writeFileSync(path.join(dir, 'api.md'), lines.join('\n'))
  console.log(`[bench] wrote ${path.join(dir, 'api.md')}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
