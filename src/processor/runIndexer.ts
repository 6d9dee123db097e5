import { createLogger } from '@subsquid/logger'
import type { Config } from '../config'
import type { DbSettings } from '../db/dbSettings'
import { restoreDeferredIndexes } from '../db/deferredIndexes'
import { prepareSchema } from '../db/prepareSchema'
import { ProcessorDatabase } from '../db/processorDatabase'
import { startDatabase } from '../db/startDatabase'
import { ConfigError } from '../errors'
import type { Manifest } from '../manifest/manifest'
import { awaitIndexerEnd } from './awaitIndexerEnd'
import { createIndexerRunner } from './createIndexerRunner'
import { EmptyManifestError } from './errors'
import { NoopDatabase } from './noopDatabase'
import { buildProcessor, DEFAULT_FINALITY_CONFIRMATION, type ProcessorOptions } from './processor'
import { startIndexerMetrics } from './startIndexerMetrics'
import { openSubsquidInternals } from './subsquidInternals'

export type RunIndexerOptions = {
  config: Pick<Config, 'rpcUrl' | 'database' | 'metricsPort'> & Partial<Pick<Config, 'metricsHost'>>
  manifest: Manifest
  /** Stops the indexer: the current batch finishes or rolls back, then the promise resolves. */
  signal?: AbortSignal
  /** Use this database instead of `config.database` (tests, or a caller that already started it). */
  db?: DbSettings
  /** Serve metrics (on config.metricsHost, default 127.0.0.1, and config.metricsPort, 0 = a free port). @default true */
  serveMetrics?: boolean
  /** Processor tuning (finality depth, RPC rate limit, poll interval). */
  processor?: Omit<ProcessorOptions, 'rpcUrl' | 'manifest'>
  /** Called with the metrics port once serving. */
  onMetricsPort?: (port: number) => void
  /** Called after each committed batch (benchmarks, progress bars); at the head, after the index builds. */
  onBatch?: (b: { blocks: number; events: number; lastBlock: number; seconds: number }) => void
  /**
   * Benchmark only: run the same processor and handlers on a store that discards everything
   * (the ingestion limit without PostgreSQL). No database is started or migrated.
   */
  noopStore?: boolean
  /**
   * Indexing from genesis into an empty database, build the entity tables' secondary indexes once
   * at the chain head instead of row by row ({@link deferIndexes}). @default true
   */
  deferIndexes?: boolean
}

/**
 * Runs the indexer until `signal` aborts: resolves the database (embedded or external), applies
 * pending migrations, then runs the Subsquid processor loop over the manifest's contracts with
 * hot-block support (reorgs within the finality depth roll back), serving Prometheus metrics.
 * Resumes from the last committed block after a crash. RPC errors are retried by the processor
 * (each logged); anything else ends the run with an error.
 *
 * The loop is Subsquid's own `Runner`, driven here instead of through `processor.run()` because
 * that one owns the process (it calls process.exit) and cannot be stopped.
 *
 * @throws {EmptyManifestError} when the manifest lists no contracts.
 * @throws {ConfigError} when no RPC URL is configured.
 * @throws {MigrationError} when migrations fail.
 * @throws {DeepReorgError} when a block committed as final was replaced on chain.
 * @throws {IndexerFailedError} when the processor loop fails otherwise.
 * @example
 * const ac = new AbortController()
 * const done = runIndexer({ config, manifest, signal: ac.signal })
 * ac.abort(); await done
 */
export async function runIndexer(opts: RunIndexerOptions): Promise<void> {
  const log = createLogger('openledger:indexer')
  if (Object.keys(opts.manifest.contracts).length === 0) throw new EmptyManifestError('given')
  const rpcUrl = opts.config.rpcUrl
  if (!rpcUrl) throw new ConfigError('No RPC URL configured (RPC_URL or --rpc-url).')
  const ownDb =
    opts.db || opts.noopStore
      ? undefined
      : await startDatabase(opts.config.database, { onLog: (l) => log.debug(l) })
  const settings = opts.db ?? ownDb?.settings ?? { host: '', port: 0, database: '', user: '', password: '' }
  const stops: (() => Promise<void> | void)[] = []
  // The schema work (migrations, index rebuilds) is not cut short by a stop: it is awaited before
  // returning, so nothing of it still runs against the database afterwards.
  let schemaWork: Promise<unknown> = Promise.resolve()
  try {
    // The schema is prepared while the processor connects and fetches its first blocks (the
    // processor's own tables live in another schema); the first batch waits for it, so no entity
    // row is read or written before the schema is current.
    let deferred = 0
    const migrated = opts.noopStore
      ? Promise.resolve([])
      : prepareSchema(settings, opts.deferIndexes !== false, log).then((r) => {
          deferred = r.deferred
          return r.ran
        })
    migrated.catch(() => {}) // observed below
    schemaWork = migrated

    const p = openSubsquidInternals(
      buildProcessor({ rpcUrl, manifest: opts.manifest, ...opts.processor }),
      opts.processor?.rpcRetryScheduleMs,
    )
    const { metrics: batchMetrics, close: closeMetrics } = await startIndexerMetrics({
      internals: p,
      port: opts.config.metricsPort,
      host: opts.config.metricsHost,
      serve: opts.serveMetrics,
      onPort: opts.onMetricsPort,
      onBatch: opts.onBatch,
      log,
    })
    stops.push(closeMetrics)
    const database = opts.noopStore
      ? new NoopDatabase()
      : new ProcessorDatabase(settings, { supportHotBlocks: true })
    const runner = createIndexerRunner({
      manifest: opts.manifest,
      internals: p,
      database,
      migrated,
      metrics: batchMetrics,
      signal: opts.signal,
      allBlocksAreFinal: (opts.processor?.finalityConfirmation ?? DEFAULT_FINALITY_CONFIRMATION) === 0,
      headPollIntervalMs: opts.processor?.headPollIntervalMs ?? 250,
      // Built right after the head batch commits (on several connections at once, which one
      // transaction cannot do), before the next batch; a crash before then leaves their
      // definitions, and the next start builds them.
      onHead: () => {
        if (!deferred) return
        database.afterCommit(async () => {
          const started = performance.now()
          const built = await restoreDeferredIndexes(settings)
          deferred = 0
          log.info(
            `reached the chain head: built ${built} deferred indexes in ${((performance.now() - started) / 1000).toFixed(2)} s`,
          )
        })
      },
    })
    await awaitIndexerEnd({
      running: runner.run(),
      migrated,
      signal: opts.signal,
      database,
      rpc: p.rpc,
      settings,
      rpcUrl,
      log,
    })
  } finally {
    for (const stop of stops.reverse()) await stop()
    await schemaWork.catch(() => {})
    await ownDb?.stop()
  }
}
