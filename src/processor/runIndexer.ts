import type { Logger } from '@subsquid/logger'
import { createLogger } from '@subsquid/logger'
import { Runner } from '@subsquid/util-internal-processor-tools'
import { BatchPlanner } from '../computation/batchPlanner'
import type { Config } from '../config'
import { applyMigrationsWith } from '../db/applyMigrations'
import type { DbSettings } from '../db/dbSettings'
import {
  dropSecondaryIndexes,
  IndexDeferral,
  isFreshIndexerDatabase,
  restoreDeferredIndexes,
  runSql,
} from '../db/deferredIndexes'
import { MigrationError } from '../db/errors'
import { ProcessorDatabase } from '../db/processorDatabase'
import { startDatabase } from '../db/startDatabase'
import { withClient } from '../db/withClient'
import { coalesceBatches } from '../ingestion/coalesceBatches'
import { detectDeepReorg } from '../ingestion/detectDeepReorg'
import { ingestFinalizedLogs, type RangeRequests, selectLogs } from '../ingestion/ingestFinalizedLogs'
import { readAhead } from '../ingestion/readAhead'
import { retryBrokenAnswers } from '../ingestion/retryBrokenAnswers'
import type { Manifest } from '../manifest/manifest'
import { EmptyManifestError, IndexerFailedError, IndexerStoppedError } from './errors'
import { createBatchHandler } from './handleBatch'
import { handlersByName } from './handlersByName'
import { createIndexerMetrics, serveMetrics } from './metrics'
import { NoopDatabase } from './noopDatabase'
import { buildProcessor, DEFAULT_FINALITY_CONFIRMATION, type ProcessorOptions } from './processor'

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
  if (!rpcUrl)
    throw new IndexerFailedError({ cause: new Error('no RPC URL configured (RPC_URL / --rpc-url)') })
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

    const processor = buildProcessor({ rpcUrl, manifest: opts.manifest, ...opts.processor })
    // biome-ignore lint/suspicious/noExplicitAny: the processor's memoised internals, as processor.run() uses them (pinned and checked: src/processor/subsquidInternals.md)
    const p = processor as any
    // A broken answer (cut short, not JSON, no result, a 500) is sent again, never used or fatal.
    retryBrokenAnswers(p.getChainRpcClient())
    // RpcClient's private schedule: the endpoint settings do not pass one through.
    if (opts.processor?.rpcRetryScheduleMs?.length)
      p.getChainRpcClient().retrySchedule = [...opts.processor.rpcRetryScheduleMs]
    // What processor.run() gets from its private getLogger() and finalityConfirmation, without them.
    const sqdLog = createLogger('sqd:processor')
    const allBlocksAreFinal = (opts.processor?.finalityConfirmation ?? DEFAULT_FINALITY_CONFIRMATION) === 0
    const metrics = createIndexerMetrics()
    let metricsPort = 0
    if (opts.serveMetrics !== false) {
      const server = await serveMetrics(
        opts.config.metricsPort,
        [metrics.registry, p.getPrometheusServer().registry],
        opts.config.metricsHost,
      )
      metricsPort = server.port
      log.info(`metrics on http://${opts.config.metricsHost ?? '127.0.0.1'}:${server.port}/metrics`)
      opts.onMetricsPort?.(server.port)
      stops.push(server.close)
    }
    // The runner would open Subsquid's own metrics server on every interface (and never close
    // it); its registry is served above instead.
    p.getPrometheusServer().serve = async () => ({ port: metricsPort, close: async () => {} })
    const database = opts.noopStore
      ? new NoopDatabase()
      : new ProcessorDatabase(settings, { supportHotBlocks: true })
    const onBatch = opts.onBatch
    const batchMetrics = onBatch
      ? {
          ...metrics,
          recordBatch: (b: Parameters<typeof metrics.recordBatch>[0]) => {
            metrics.recordBatch(b)
            onBatch(b)
          },
        }
      : metrics
    const mappingLog = sqdLog.child('mapping')
    const planner = new BatchPlanner({
      manifest: opts.manifest,
      handlers: handlersByName,
      reader: () => database.readStore(),
      ready: migrated,
      // Hot blocks committed by an earlier run are rolled back by the first finalized batch's
      // transaction: batches are computed in it (not ahead) until they are gone.
      hotBlocksCommitted: () => database.hasHotBlocks(),
    })
    const handler = createBatchHandler({
      manifest: opts.manifest,
      planner,
      metrics: batchMetrics,
      signal: opts.signal,
      afterCommit: (fn) => database.afterCommit(fn),
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
    const chain = p.getChain()
    const runner = new Runner({
      // biome-ignore lint/suspicious/noExplicitAny: NoopDatabase implements the part of the interface the runner uses
      database: database as any,
      requests: p.getBatchRequests(),
      hotDataSource: withFastFinalizedIngestion(p.getHotDataSource(), p.getChainRpcClient(), {
        headPollIntervalMs: opts.processor?.headPollIntervalMs ?? 250,
        // Computing the next batch while this one is written hides it behind the database.
        // biome-ignore lint/suspicious/noExplicitAny: the batch shape is the processor's own
        prepare: (batch: any) => planner.ahead(batch.blocks, mappingLog),
      }),
      allBlocksAreFinal,
      prometheus: p.getPrometheusServer(),
      log: sqdLog,
      // biome-ignore lint/suspicious/noExplicitAny: the batch shape is the processor's own
      process: async (store: any, batch: any) => {
        await migrated
        return handler({ _chain: chain, log: mappingLog, store, blocks: batch.blocks, isHead: batch.isHead })
      },
    })

    const stopped = new Promise<void>((resolve) => {
      if (opts.signal?.aborted) resolve()
      opts.signal?.addEventListener('abort', () => resolve(), { once: true })
    })
    const running = runner.run()
    running.catch(() => {}) // observed below; after a stop its late rejection is expected
    const outcome = await Promise.race([
      running.then(() => 'done' as const),
      stopped.then(() => 'stopped' as const),
      migrated.then(() => new Promise<never>(() => {})),
    ]).catch(async (err: unknown) => {
      const migrationFailure = await migrated.then(
        () => undefined,
        (e: unknown) => e,
      )
      if (migrationFailure) {
        p.getChainRpcClient().close(migrationFailure)
        await database.disconnect().catch(() => {})
        throw migrationFailure
      }
      if (opts.signal?.aborted || err instanceof IndexerStoppedError) return 'stopped' as const
      const deep = await detectDeepReorg(settings, rpcUrl, err)
      const failure = deep ?? new IndexerFailedError({ cause: err })
      log.error({ err: failure.message }, 'indexer failed')
      await database.disconnect().catch(() => {})
      throw failure
    })
    if (outcome === 'stopped') {
      // Closing the RPC client makes the runner's pending calls fail, ending its loop.
      p.getChainRpcClient().close(new IndexerStoppedError())
      await Promise.race([running.catch(() => {}), new Promise((r) => setTimeout(r, 2000))])
      log.info('indexer stopped')
    }
    await database.disconnect().catch(() => {})
  } finally {
    for (const stop of stops.reverse()) await stop()
    await schemaWork.catch(() => {})
    await ownDb?.stop()
  }
}

/**
 * Replaces the RPC data source's finalized-range ingestion with {@link ingestFinalizedLogs} (logs,
 * plus receipts only where a log request asks for its transaction) when every request is one it
 * serves, else keeps Subsquid's; either way strides ready together reach the handler as one batch,
 * and the next batch is pulled and `prepare`d (decoded and computed) while the handler writes the
 * current one.
 * Hot blocks (above the finalized head) stay with Subsquid's ingestion and its fork handling.
 */
function withFastFinalizedIngestion(
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal data source
  hot: any,
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal RPC client
  rpc: any,
  // biome-ignore lint/suspicious/noExplicitAny: the batch shape is the processor's own
  opts: { headPollIntervalMs: number; prepare: (batch: any) => void },
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal data source
): any {
  const getFinalizedBlocks = hot.getFinalizedBlocks.bind(hot)
  hot.getFinalizedBlocks = (requests: RangeRequests, stopOnHead?: boolean) => {
    if (!requests.every((r) => selectLogs(r.request))) {
      return readAhead(
        coalesceBatches(getFinalizedBlocks(requests, stopOnHead), { maxBlocks: 500 }),
        opts.prepare,
      )
    }
    const batches = ingestFinalizedLogs({
      rpc,
      requests,
      stopOnHead,
      getFinalizedHeight: () => hot.getFinalizedHeight(),
      headPollIntervalMs: opts.headPollIntervalMs,
    })
    return readAhead(
      coalesceBatches(batches, {
        maxBlocks: 10_000,
        // 10k logs: smaller batches start the first write earlier and leave a smaller last one,
        // which nothing overlaps (unbounded batches were 7 % slower than 20k, 20k 2-4 % slower
        // than 10k in two A/Bs of the bulk and demo shapes).
        maxItems: 10_000,
        itemsOf: (b) => b.logs.length,
      }),
      opts.prepare,
    )
  }
  return hot
}

/**
 * Rebuilds indexes an earlier run left deferred (migrations expect them), applies pending
 * migrations, then defers the secondary indexes of a database that has indexed nothing yet.
 *
 * @throws {MigrationError} when any step fails.
 */
async function prepareSchema(
  settings: DbSettings,
  defer: boolean,
  log: Logger,
): Promise<{ ran: string[]; deferred: number }> {
  try {
    return await withClient(settings, async (client) => {
      const run = runSql(client)
      const rebuilt = await restoreDeferredIndexes(settings, { run })
      if (rebuilt) log.info(`rebuilt ${rebuilt} indexes an earlier run had deferred`)
      // Into a fresh database the migrations' secondary indexes are not even built (else dropped).
      const deferral = defer && (await isFreshIndexerDatabase(run)) ? new IndexDeferral() : undefined
      const ran = await applyMigrationsWith(client, undefined, deferral)
      if (ran.length) log.info(`applied migrations: ${ran.join(', ')}`)
      // Indexes of migrations applied before (e.g. by squid.yaml's init step) are dropped instead.
      const names = deferral ? [...deferral.deferred.keys(), ...(await dropSecondaryIndexes(run))] : []
      if (names.length)
        log.info(
          `indexing from genesis: ${names.length} secondary indexes are built once the chain head is reached`,
        )
      return { ran, deferred: names.length }
    })
  } catch (cause) {
    throw cause instanceof MigrationError ? cause : new MigrationError({ cause })
  }
}
