/**
 * Head-to-head ingestion benchmark (`npm run bench:peers [-- --scale 1]`): one anvil devnet with
 * the stack deployed and the demo economy run (`--scale` × 100 paid inferences, settled with
 * per-contribution rewards), then each transfer shape laid on top of that same economy (anvil
 * snapshot/revert): bulk (200 blocks × 500 WOPEN transfers) and demo (25,000 blocks × 4). On each
 * shape every indexer indexes genesis to head into its own fresh database on one embedded
 * PostgreSQL, one after another: this project, Ponder, Envio. Measured end to end (process start
 * to the head indexed), peak RSS of the process tree, and the state digest of the comparable
 * tables (README.md). Writes test/bench/results/peers.{json,md}; a peer that cannot run is
 * recorded with its command and output.
 * Flags: --scale N (1), --shapes bulk,demo, --peers openledger,ponder,envio, --out DIR.
 * Env: BENCH_BULK_BLOCKS (200), BENCH_BULK_TXS (500), BENCH_DEMO_BLOCKS (25000), BENCH_DEMO_TXS (4),
 * BENCH_MAX_EMAILS (1000).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from '../../../src/db/startEmbeddedPostgres'
import { repoRoot } from '../../../src/util/repoRoot'
import { layShape, startEconomyChain, type TransferShape } from './buildWorkload'
import { countLogs } from './countLogs'
import { differingTables, type StateDigest, stateDigest } from './digest'
import { envioIndexer } from './envioIndexer'
import { oursIndexer } from './oursIndexer'
import { type PeerIndexer, PeerRunError } from './peerIndexer'
import { ponderIndexer } from './ponderIndexer'
import { type PeersReport, writePeersReport } from './writePeersReport'

const ROOT = repoRoot()
const INDEXERS: PeerIndexer[] = [oursIndexer, ponderIndexer, envioIndexer]

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : def
}
const env = (k: string, d: number) => Number(process.env[k] ?? d)

async function main(): Promise<void> {
  const scale = Number(flag('scale', '1'))
  if (!(scale > 0)) throw new Error('--scale must be a positive number')
  const wantedShapes = flag('shapes', 'bulk,demo').split(',')
  const wantedPeers = flag('peers', INDEXERS.map((i) => i.name).join(',')).split(',')
  const outDir = flag('out', path.join(ROOT, 'test', 'bench', 'results'))
  const shapes: TransferShape[] = [
    { name: 'bulk', blocks: env('BENCH_BULK_BLOCKS', 200), txsPerBlock: env('BENCH_BULK_TXS', 500) },
    { name: 'demo', blocks: env('BENCH_DEMO_BLOCKS', 25_000), txsPerBlock: env('BENCH_DEMO_TXS', 4) },
  ].filter((s) => wantedShapes.includes(s.name))
  const indexers = INDEXERS.filter((i) => wantedPeers.includes(i.name))
  const t0 = Date.now()
  const log = (line: string) =>
    console.log(`[peers ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`)

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-peers-'))
  fs.chmodSync(dir, 0o777)
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), durable: true })
  log(`PostgreSQL on port ${server.settings.port}`)
  const report: PeersReport = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    scale,
    versions: Object.fromEntries(indexers.map((i) => [i.name, i.version()])),
    economy: { contributions: 0, settlements: 0, seconds: 0 },
    shapes: [],
    runs: [],
    failures: [],
    notes: INDEXERS.filter((i) => wantedPeers.includes(i.name)).flatMap((i) => i.notes ?? []),
  }
  try {
    const chain = await startEconomyChain({
      inferences: 100,
      scale,
      maxEmails: env('BENCH_MAX_EMAILS', 1000),
      log: (l) => log(`demo: ${l}`),
    })
    report.economy = chain.economy
    log(`economy: ${JSON.stringify(chain.economy)}`)
    try {
      for (const shape of shapes) {
        const tg = performance.now()
        const head = await layShape(chain, shape)
        log(`[${shape.name}] head ${head}, generated in ${((performance.now() - tg) / 1000).toFixed(1)} s`)
        // What the node needs to hand over every log of the stack's contracts, once, untimed by
        // any indexer: the floor under all of them on this node (and the events count of ours).
        const tn = performance.now()
        await countLogs(
          chain.devnet.rpcUrl,
          Object.values(chain.manifest.contracts).map((c) => c.address),
          head,
        )
        const nodeSeconds = (performance.now() - tn) / 1000
        log(`[${shape.name}] the node serves every stack contract's logs in ${nodeSeconds.toFixed(2)} s`)
        report.shapes.push({ ...shape, head, nodeSeconds })
        let reference: StateDigest | undefined
        for (const indexer of indexers) {
          const addresses =
            indexer.contracts === 'all'
              ? Object.values(chain.manifest.contracts).map((c) => c.address)
              : indexer.contracts.map((c) => chain.manifest.contracts[c]!.address)
          const events = await countLogs(chain.devnet.rpcUrl, addresses, head)
          const database = `peers_${shape.name}_${indexer.name}`
          const admin = new pg.Client({ ...server.settings })
          await admin.connect()
          await admin.query(`DROP DATABASE IF EXISTS ${database}`)
          await admin.query(`CREATE DATABASE ${database}`)
          await admin.end()
          const db = { ...server.settings, database }
          const load = os.loadavg()[0]
          log(
            `[${shape.name}] ${indexer.name}: indexing ${events} events in ${head + 1} blocks (load ${load.toFixed(2)})`,
          )
          try {
            const r = await indexer.run({
              rpcUrl: chain.devnet.rpcUrl,
              chainId: chain.devnet.chainId,
              manifest: chain.manifest,
              head,
              db,
              log,
            })
            const digest = await stateDigest(db, indexer.canonical(r.schema))
            reference ??= indexer === oursIndexer ? digest : undefined
            const differing = reference ? differingTables(reference, digest) : undefined
            report.runs.push({
              shape: shape.name,
              indexer: indexer.name,
              events,
              blocks: head + 1,
              seconds: r.seconds,
              eventsPerSecond: events / r.seconds,
              blocksPerSecond: (head + 1) / r.seconds,
              peakRssMb: r.peakRssMb,
              loadBefore: Number(load.toFixed(2)),
              command: r.command,
              detail: r.detail,
              digest,
              differingFromOurs: differing,
            })
            log(
              `[${shape.name}] ${indexer.name}: ${r.seconds.toFixed(1)} s, ${(events / r.seconds).toFixed(0)} events/s, peak RSS ${r.peakRssMb} MB, state ${differing === undefined ? 'no reference' : differing.length ? `differs in ${differing.join(', ')}` : 'equal to ours'}`,
            )
          } catch (err) {
            if (!(err instanceof PeerRunError)) throw err
            log(`[${shape.name}] ${indexer.name} FAILED: ${err.reason}`)
            report.failures.push({
              shape: shape.name,
              indexer: indexer.name,
              command: err.command,
              reason: err.reason,
              output: err.output.slice(-4000),
            })
          }
        }
      }
    } finally {
      await chain.devnet.stop()
    }
  } finally {
    await server.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  report.machine.loadAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)))
  const md = writePeersReport(report, outDir)
  console.log(md)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
