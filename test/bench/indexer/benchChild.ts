/**
 * One benchmark measurement in its own process (so peak RSS is the indexer's alone): indexes a
 * chain from genesis to `target` with the Postgres store or the no-op store, prints a JSON line.
 * Usage: node --import tsx benchChild.ts '<json args>'
 */

import type { DbSettings } from '../../../src/db/dbSettings'
import type { Manifest } from '../../../src/manifest/manifest'
import { runIndexer } from '../../../src/processor/runIndexer'

type Args = {
  rpcUrl: string
  manifest: Manifest
  target: number
  store: 'postgres' | 'noop'
  db?: DbSettings
  /** See ProcessorOptions.transactionsFor. @default 'all' */
  transactionsFor?: 'all' | string[]
}

async function main() {
  const args = JSON.parse(process.argv[2]) as Args
  const ac = new AbortController()
  let events = 0
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 50)
  const t0 = performance.now()
  let t1 = 0
  let firstBatchAt = 0
  await runIndexer({
    config: { rpcUrl: args.rpcUrl, database: { kind: 'external', url: 'postgres://unused' }, metricsPort: 0 },
    manifest: args.manifest,
    db: args.db,
    noopStore: args.store === 'noop',
    serveMetrics: false,
    signal: ac.signal,
    processor: {
      finalityConfirmation: 0,
      rateLimit: 100_000,
      capacity: 16,
      transactionsFor: args.transactionsFor ?? 'all',
    },
    onBatch: (b) => {
      if (!firstBatchAt) firstBatchAt = performance.now()
      events += b.events
      if (b.lastBlock >= args.target && !t1) {
        t1 = performance.now()
        ac.abort()
      }
    },
  })
  clearInterval(sampler)
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
  const seconds = (t1 - t0) / 1000
  console.log(
    `BENCH_RESULT ${JSON.stringify({
      store: args.store,
      events,
      blocks: args.target + 1,
      seconds,
      eventsPerSecond: events / seconds,
      blocksPerSecond: (args.target + 1) / seconds,
      peakRssMb: Math.round(peakRss / 2 ** 20),
      startupSeconds: (firstBatchAt - t0) / 1000,
      cpuSeconds: (() => {
        const u = process.cpuUsage()
        return (u.user + u.system) / 1e6
      })(),
    })}`,
  )
  setTimeout(() => process.exit(0), 200).unref()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
