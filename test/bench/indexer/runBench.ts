/**
 * Indexer benchmark (`npm run bench:indexer`): index-from-genesis throughput on two workload
 * shapes — bulk (many events per block) and demo (few events per tx, few tx per block) — with the
 * Postgres store end to end and with a no-op store (the ingestion limit), each measured in its
 * own child process. Writes test/bench/results/indexer.{json,md}.
 * Env: BENCH_BULK_BLOCKS (200), BENCH_BULK_TXS (500), BENCH_DEMO_BLOCKS (5000), BENCH_DEMO_TXS (4).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createClients } from '../../../src/chain/createClients'
import { deployContract } from '../../../src/chain/deployContract'
import type { Manifest } from '../../../src/chain/manifest'
import { startDevnet } from '../../../src/chain/startDevnet'
import type { DbSettings } from '../../../src/db/dbSettings'
import { startEmbeddedPostgres } from '../../../src/db/startEmbeddedPostgres'
import { generateWopenWorkload } from './generateWorkload'

const ROOT = path.resolve(__dirname, '..', '..', '..')
const env = (k: string, d: number) => Number(process.env[k] ?? d)

type Result = {
  store: string
  events: number
  blocks: number
  seconds: number
  eventsPerSecond: number
  blocksPerSecond: number
  peakRssMb: number
  startupSeconds: number
}

function measure(args: object): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'benchChild.ts'), JSON.stringify(args)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    child.stdout.on('data', (b) => {
      out += b
    })
    child.stderr.on('data', (b) => {
      out += b
    })
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '))
      if (code !== 0 || !line) reject(new Error(`bench child failed (${code}):\n${out.slice(-3000)}`))
      else resolve(JSON.parse(line.slice('BENCH_RESULT '.length)))
    })
  })
}

async function shape(name: string, blocks: number, txsPerBlock: number, pgServer: { settings: DbSettings }) {
  const devnet = await startDevnet({ accounts: 20, gasLimit: 300_000_000n })
  try {
    const { publicClient, wallet, devWallet } = createClients({
      rpcUrl: devnet.rpcUrl,
      chainId: devnet.chainId,
    })
    const wopen = await deployContract({ root: ROOT, wallet, publicClient, name: 'WOPEN' })
    const accounts = Array.from({ length: 20 }, (_, i) => devWallet(i).account.address)
    const t = performance.now()
    const head = await generateWopenWorkload(devnet.rpcUrl, {
      wopen,
      accounts,
      blocks,
      txsPerBlock,
      log: (l) => console.log(`[${name}] ${l}`),
    })
    console.log(
      `[${name}] generated ${blocks * txsPerBlock + accounts.length} events in ${head} blocks in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
    const manifest: Manifest = {
      version: 1,
      chainId: devnet.chainId,
      contracts: { WOPEN: { address: wopen, startBlock: 0 } },
    }
    const noop = await measure({ rpcUrl: devnet.rpcUrl, manifest, target: head, store: 'noop' })
    console.log(`[${name}] no-op store: ${noop.eventsPerSecond.toFixed(0)} events/s`)
    const dbName = `bench_${name}`
    const { default: pg } = await import('pg')
    const admin = new pg.Client({ ...pgServer.settings })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`)
    await admin.query(`CREATE DATABASE ${dbName}`)
    await admin.end()
    const postgres = await measure({
      rpcUrl: devnet.rpcUrl,
      manifest,
      target: head,
      store: 'postgres',
      db: { ...pgServer.settings, database: dbName },
    })
    console.log(`[${name}] postgres: ${postgres.eventsPerSecond.toFixed(0)} events/s`)
    return {
      shape: name,
      blocks: head + 1,
      txsPerBlock,
      noop,
      postgres,
      ratio: postgres.eventsPerSecond / noop.eventsPerSecond,
    }
  } finally {
    await devnet.stop()
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-bench-'))
  fs.chmodSync(dir, 0o777)
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), durable: true })
  try {
    const bulk = await shape('bulk', env('BENCH_BULK_BLOCKS', 200), env('BENCH_BULK_TXS', 500), pgServer)
    const demo = await shape('demo', env('BENCH_DEMO_BLOCKS', 5000), env('BENCH_DEMO_TXS', 4), pgServer)
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      note: 'anvil --optimism on loopback, WOPEN Transfer events; Postgres = embedded PostgreSQL 17 (fsync on); no-op = same processor and handlers, writes dropped; finality 0 (all blocks final).',
      shapes: [bulk, demo],
      targets: { postgresVsNoop: 0.7, bulkEventsPerSecond: 10_000 },
    }
    const outDir = path.join(ROOT, 'test', 'bench', 'results')
    fs.mkdirSync(outDir, { recursive: true })
    fs.writeFileSync(path.join(outDir, 'indexer.json'), `${JSON.stringify(results, null, 2)}\n`)
    const row = (s: typeof bulk, r: Result, store: string) =>
      `| ${s.shape} | ${store} | ${r.events} | ${r.blocks} | ${r.seconds.toFixed(2)} | ${r.eventsPerSecond.toFixed(0)} | ${r.blocksPerSecond.toFixed(0)} | ${r.peakRssMb} |`
    const md = [
      '# Indexer benchmark',
      '',
      `${results.date} — ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}. Run with \`npm run bench:indexer\`.`,
      '',
      results.note,
      '',
      '| shape | store | events | blocks | seconds | events/s | blocks/s | peak RSS MB |',
      '|---|---|---|---|---|---|---|---|',
      ...results.shapes.flatMap((s) => [row(s, s.noop, 'no-op'), row(s, s.postgres, 'postgres')]),
      '',
      '| shape | Postgres / no-op | target |',
      '|---|---|---|',
      ...results.shapes.map((s) => `| ${s.shape} | ${(s.ratio * 100).toFixed(0)} % | ≥ 70 % |`),
      '',
      `Bulk end to end: ${bulk.postgres.eventsPerSecond.toFixed(0)} events/s (target ≥ 10,000).`,
      '',
    ].join('\n')
    fs.writeFileSync(path.join(outDir, 'indexer.md'), md)
    console.log(md)
  } finally {
    await pgServer.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
