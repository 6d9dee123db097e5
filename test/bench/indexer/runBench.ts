/**
 * Indexer benchmark (`npm run bench:indexer`): index-from-genesis throughput on two workload
 * shapes — bulk (many events per block) and demo (few events per tx, few tx per block) — with the
 * Postgres store end to end and with a no-op store (the ingestion limit), each measured in its
 * own child process. Both shapes are ≥ 100k events by default: bulk, 200 blocks × 500 WOPEN
 * transfers (plus 20 deposits); demo, the whole stack set up once, then 6,000 blocks of 4 WOPEN
 * transfers, an agent action, fulfilments, plain and fine-tune (2-level lineage) settlements and a
 * swap or liquidity change each ({@link generateDemoMix}; the chain's event mix per kind and a row
 * check of the last Postgres run go in the results). Writes test/bench/results/indexer.{json,md}.
 * Each configuration is measured BENCH_RUNS times on the same generated chain (alternating no-op
 * and Postgres, each Postgres run into a fresh database) and the median run is reported.
 * Env: BENCH_BULK_BLOCKS (200), BENCH_BULK_TXS (500), BENCH_DEMO_BLOCKS (6000), BENCH_DEMO_TXS (WOPEN transfers per demo block, 4),
 * BENCH_RUNS (3), BENCH_SHAPES (bulk,demo), BENCH_OUT (test/bench/results), BENCH_MODES (all,gas:
 * receipts for every indexed transaction, the default, or only for GAS_CONTRACTS' logs),
 * BENCH_BASELINE_ROOT (another checkout, e.g. a `git worktree` of the commit before a change: each
 * run then measures it too, alternating with this checkout on the same chain, and a before/after
 * table of the Postgres / no-op ratio is added).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Address } from 'viem'
import { createClients } from '../../../src/chain/createClients'
import { deployContract } from '../../../src/chain/deployContract'
import { startDevnet } from '../../../src/chain/startDevnet'
import type { DbSettings } from '../../../src/db/dbSettings'
import { startEmbeddedPostgres } from '../../../src/db/startEmbeddedPostgres'
import type { Manifest } from '../../../src/manifest/manifest'
import { GAS_CONTRACTS } from '../../../src/processor/processor'
import { countEventMix } from './countEventMix'
import { generateDemoMix } from './generateDemoMix'
import { generateWopenWorkload } from './generateWorkload'
import { runBenchChild } from './runBenchChild'
import { setupDemoMix } from './setupDemoMix'

const ROOT = path.resolve(__dirname, '..', '..', '..')
/** Demo-shape blocks by default: about 18 events each (see the event mix in the results), so ≥ 100k events. */
const DEMO_BLOCKS = 6000
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

/** The run with the median events/s, with every run's events/s alongside. */
function median(runs: Result[]): Result & { runs: number[] } {
  const sorted = [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)
  return {
    ...sorted[Math.floor((sorted.length - 1) / 2)],
    runs: runs.map((r) => Math.round(r.eventsPerSecond)),
  }
}

function measure(args: object, root?: string): Promise<Result> {
  return runBenchChild<Result>(args, root)
}

/** The checkouts measured: this one, and the baseline when BENCH_BASELINE_ROOT names one. */
const CHECKOUTS = [
  { label: 'this checkout', root: undefined as string | undefined },
  ...(process.env.BENCH_BASELINE_ROOT ? [{ label: 'baseline', root: process.env.BENCH_BASELINE_ROOT }] : []),
]

/** A generated chain: what the indexer is given, and what to check in its database afterwards. */
type Prepared = {
  manifest: Manifest
  head: number
  txsPerBlock: number
  /** Events on the chain per `Contract.Event`, and operations sent per kind (demo shape). */
  eventMix?: Record<string, number>
  operations?: Record<string, number>
  /** Row counts the Postgres run's database must hold. */
  expectedRows?: Record<string, number>
}

/** The bulk shape: WOPEN alone, `blocks` blocks of `txsPerBlock` transfers. */
async function prepareBulk(
  rpcUrl: string,
  chainId: number,
  blocks: number,
  txsPerBlock: number,
): Promise<Prepared> {
  const { publicClient, wallet, devWallet } = createClients({ rpcUrl, chainId })
  const wopen = await deployContract({ root: ROOT, wallet, publicClient, name: 'WOPEN' })
  const accounts = Array.from({ length: 20 }, (_, i) => devWallet(i).account.address)
  const head = await generateWopenWorkload(rpcUrl, {
    wopen,
    accounts,
    blocks,
    txsPerBlock,
    log: (l) => console.log(`[bulk] ${l}`),
  })
  const manifest: Manifest = { version: 1, chainId, contracts: { WOPEN: { address: wopen, startBlock: 0 } } }
  return { manifest, head, txsPerBlock }
}

/**
 * The demo shape: the whole stack (every contract in the manifest, so every handler runs), then
 * `blocks` blocks of WOPEN transfers, agent actions, fulfilments, plain and 2-level lineage
 * settlements and pool operations ({@link generateDemoMix}).
 */
async function prepareDemo(
  rpcUrl: string,
  chainId: number,
  blocks: number,
  transfersPerBlock: number,
): Promise<Prepared> {
  const log = (l: string) => console.log(`[demo] ${l}`)
  const mix = await setupDemoMix({ root: ROOT, rpcUrl, chainId, log })
  const { head, counts } = await generateDemoMix(rpcUrl, mix, { blocks, transfersPerBlock, log })
  const names: Record<string, string> = Object.fromEntries(
    Object.entries(mix.manifest.contracts).map(([n, c]) => [c!.address, n]),
  )
  names[mix.shareToken] = 'ModelShareToken'
  names[mix.pair] = 'ShareAmmPair'
  const eventMix = await countEventMix(rpcUrl, names as Record<Address, string>, head)
  return {
    manifest: mix.manifest,
    head,
    txsPerBlock: transfersPerBlock,
    eventMix,
    operations: counts,
    expectedRows: {
      agent_action: counts.agentActions,
      swap: counts.swaps,
      upstream_royalty: 2 * counts.lineageSettlements,
      // The setup's seeding mint is one more.
      liquidity_event: counts.liquidityAdds + counts.liquidityRemoves + 1,
    },
  }
}

/** Row counts of `tables` in `database` next to the expected ones. */
async function checkRows(
  pg: { Client: typeof import('pg').Client },
  pgServer: { settings: DbSettings },
  database: string,
  expected: Record<string, number>,
) {
  const client = new pg.Client({ ...pgServer.settings, database })
  await client.connect()
  try {
    const out: Record<string, { rows: number; expected: number; equal: boolean }> = {}
    for (const [table, n] of Object.entries(expected)) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`)
      out[table] = { rows: rows[0].n, expected: n, equal: rows[0].n === n }
    }
    return out
  } finally {
    await client.end()
  }
}

async function shape(
  name: string,
  pgServer: { settings: DbSettings },
  prepare: (rpcUrl: string, chainId: number) => Promise<Prepared>,
) {
  const devnet = await startDevnet({ accounts: 20, gasLimit: 300_000_000n })
  try {
    const t = performance.now()
    const prepared = await prepare(devnet.rpcUrl, devnet.chainId)
    const { manifest, head, txsPerBlock } = prepared
    console.log(`[${name}] generated ${head} blocks in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    if (prepared.eventMix) console.log(`[${name}] events on the chain: ${JSON.stringify(prepared.eventMix)}`)
    const { default: pg } = await import('pg')
    const modes = (process.env.BENCH_MODES ?? 'all,gas').split(',') as ('all' | 'gas')[]
    const out = []
    for (const mode of modes) {
      const transactionsFor = mode === 'all' ? 'all' : [...GAS_CONTRACTS]
      const tag = `[${name}/${mode}]`
      const runsOf = CHECKOUTS.map(() => ({ noop: [] as Result[], postgres: [] as Result[] }))
      for (let run = 0; run < env('BENCH_RUNS', 3); run++) {
        for (const [i, checkout] of CHECKOUTS.entries()) {
          const label = CHECKOUTS.length > 1 ? ` (${checkout.label})` : ''
          const n = await measure(
            { rpcUrl: devnet.rpcUrl, manifest, target: head, store: 'noop', transactionsFor },
            checkout.root,
          )
          console.log(`${tag} run ${run + 1} no-op store${label}: ${n.eventsPerSecond.toFixed(0)} events/s`)
          runsOf[i]!.noop.push(n)
          const dbName = `bench_${name}`
          const admin = new pg.Client({ ...pgServer.settings })
          await admin.connect()
          await admin.query(`DROP DATABASE IF EXISTS ${dbName}`)
          await admin.query(`CREATE DATABASE ${dbName}`)
          await admin.end()
          const p = await measure(
            {
              rpcUrl: devnet.rpcUrl,
              manifest,
              target: head,
              store: 'postgres',
              db: { ...pgServer.settings, database: dbName },
              transactionsFor,
            },
            checkout.root,
          )
          console.log(`${tag} run ${run + 1} postgres${label}: ${p.eventsPerSecond.toFixed(0)} events/s`)
          runsOf[i]!.postgres.push(p)
        }
      }
      const stateCheck =
        prepared.expectedRows && (await checkRows(pg, pgServer, `bench_${name}`, prepared.expectedRows))
      if (stateCheck) console.log(`${tag} state of the last Postgres run: ${JSON.stringify(stateCheck)}`)
      const [noop, postgres] = [median(runsOf[0]!.noop), median(runsOf[0]!.postgres)]
      const baseline = runsOf[1] && { noop: median(runsOf[1].noop), postgres: median(runsOf[1].postgres) }
      out.push({
        shape: name,
        receipts: mode === 'all' ? 'every tx' : GAS_CONTRACTS.join(', '),
        blocks: head + 1,
        txsPerBlock,
        noop,
        postgres,
        ratio: postgres.eventsPerSecond / noop.eventsPerSecond,
        ...(prepared.eventMix && {
          eventMix: prepared.eventMix,
          operations: prepared.operations,
          stateCheck,
        }),
        ...(baseline && {
          baseline: { ...baseline, ratio: baseline.postgres.eventsPerSecond / baseline.noop.eventsPerSecond },
        }),
      })
    }
    return out
  } finally {
    await devnet.stop()
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-bench-'))
  fs.chmodSync(dir, 0o777)
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), durable: true })
  try {
    const wanted = (process.env.BENCH_SHAPES ?? 'bulk,demo').split(',')
    const shapes: Awaited<ReturnType<typeof shape>> = []
    if (wanted.includes('bulk'))
      shapes.push(
        ...(await shape('bulk', pgServer, (url, id) =>
          prepareBulk(url, id, env('BENCH_BULK_BLOCKS', 200), env('BENCH_BULK_TXS', 500)),
        )),
      )
    if (wanted.includes('demo'))
      shapes.push(
        ...(await shape('demo', pgServer, (url, id) =>
          prepareDemo(url, id, env('BENCH_DEMO_BLOCKS', DEMO_BLOCKS), env('BENCH_DEMO_TXS', 4)),
        )),
      )
    const bulk = shapes.filter((s) => s.shape === 'bulk')
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        // The 1/5/15-minute load at the end: a busy machine moves both stores' rates.
        loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      },
      note: `anvil --optimism on loopback; bulk: WOPEN Transfer events; demo: the whole stack, mixed blocks (table below); Postgres = embedded PostgreSQL 17 (fsync on; the indexer commits its batches with synchronous_commit off); no-op = same processor and handlers, writes dropped; finality 0 (all blocks final). Median of ${env('BENCH_RUNS', 3)} runs per configuration (all runs' events/s in the last column).`,
      shapes,
      targets: { postgresVsNoop: 0.7, bulkEventsPerSecond: 10_000 },
    }
    const outDir = process.env.BENCH_OUT ?? path.join(ROOT, 'test', 'bench', 'results')
    fs.mkdirSync(outDir, { recursive: true })
    fs.writeFileSync(path.join(outDir, 'indexer.json'), `${JSON.stringify(results, null, 2)}\n`)
    const row = (s: (typeof shapes)[number], r: ReturnType<typeof median>, store: string) =>
      `| ${s.shape} | ${s.receipts} | ${store} | ${r.events} | ${r.blocks} | ${r.seconds.toFixed(2)} | ${r.eventsPerSecond.toFixed(0)} | ${r.blocksPerSecond.toFixed(0)} | ${r.peakRssMb} | ${r.runs.join(', ')} |`
    const md = [
      '# Indexer benchmark',
      '',
      `${results.date} — ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}, load average at the end ${results.machine.loadAverage.join(' / ')}. Run with \`npm run bench:indexer\`.`,
      '',
      results.note,
      '',
      '| shape | receipts for | store | events | blocks | seconds | events/s | blocks/s | peak RSS MB | runs (events/s) |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...results.shapes.flatMap((s) => [row(s, s.noop, 'no-op'), row(s, s.postgres, 'postgres')]),
      '',
      '| shape | receipts for | Postgres / no-op | target |',
      '|---|---|---|---|',
      ...results.shapes.map(
        (s) => `| ${s.shape} | ${s.receipts} | ${(s.ratio * 100).toFixed(0)} % | ≥ 70 % |`,
      ),
      '',
      ...(results.shapes.some((s) => s.baseline)
        ? [
            `Before/after (BENCH_BASELINE_ROOT=${process.env.BENCH_BASELINE_ROOT}, measured alternately on the same chains):`,
            '',
            '| shape | receipts for | no-op events/s before → after | Postgres events/s before → after | Postgres / no-op before → after |',
            '|---|---|---|---|---|',
            ...results.shapes.map((s) =>
              s.baseline
                ? `| ${s.shape} | ${s.receipts} | ${s.baseline.noop.eventsPerSecond.toFixed(0)} → ${s.noop.eventsPerSecond.toFixed(0)} | ${s.baseline.postgres.eventsPerSecond.toFixed(0)} → ${s.postgres.eventsPerSecond.toFixed(0)} | ${(s.baseline.ratio * 100).toFixed(0)} % → ${(s.ratio * 100).toFixed(0)} % |`
                : '',
            ),
            '',
          ]
        : []),
      ...results.shapes
        .filter((s, i, all) => s.eventMix && all.findIndex((x) => x.shape === s.shape) === i)
        .flatMap((s) => [
          `Demo-shape chain (${s.blocks} blocks, whole stack in the manifest): events per kind, from the node's logs`,
          '',
          '| contract.event | events |',
          '|---|---|',
          ...Object.entries(s.eventMix ?? {}).map(([k, n]) => `| ${k} | ${n} |`),
          '',
          `Operations sent: ${Object.entries(s.operations ?? {})
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}.`,
          '',
        ]),
      ...results.shapes
        .filter((s) => s.stateCheck)
        .map(
          (s) =>
            `State of the last Postgres run (${s.shape}, ${s.receipts}): ${Object.entries(s.stateCheck ?? {})
              .map(
                ([t, c]) => `${t} ${c.rows} rows (expected ${c.expected}${c.equal ? '' : ', **MISMATCH**'})`,
              )
              .join(', ')}.`,
        ),
      '',
      ...bulk.map(
        (b) =>
          `Bulk end to end, receipts for ${b.receipts}: ${b.postgres.eventsPerSecond.toFixed(0)} events/s (target ≥ 10,000).`,
      ),
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
