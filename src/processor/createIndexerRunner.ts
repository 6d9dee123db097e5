import { createLogger } from '@subsquid/logger'
import { Runner } from '@subsquid/util-internal-processor-tools'
import { BatchPlanner } from '../computation/batchPlanner'
import { DynamicRoutes } from '../computation/dynamicContracts'
import type { ProcessorDatabase } from '../db/processorDatabase'
import { withFastFinalizedIngestion } from '../ingestion/withFastFinalizedIngestion'
import type { Manifest } from '../manifest/manifest'
import { createBatchHandler } from './handleBatch'
import { handlersByName } from './handlersByName'
import type { IndexerMetrics } from './metrics'
import type { NoopDatabase } from './noopDatabase'
import type { SubsquidInternals } from './subsquidInternals'

/**
 * Subsquid's batch `Runner` wired to this indexer: finalized ranges come from the fast ingestion
 * ({@link withFastFinalizedIngestion}), each next batch is decoded and computed ahead while the
 * current one is written ({@link BatchPlanner}), and the handler writes each batch once the schema
 * is migrated. The loggers are the ones `processor.run()` would make privately.
 *
 * @example
 * const runner = createIndexerRunner({ manifest, internals, database, migrated, metrics, allBlocksAreFinal: false, headPollIntervalMs: 250 })
 * await runner.run()
 */
export function createIndexerRunner(opts: {
  manifest: Manifest
  internals: SubsquidInternals
  database: ProcessorDatabase | NoopDatabase
  /** Settles when the schema is current: no batch is read or written before. */
  migrated: Promise<unknown>
  metrics: IndexerMetrics
  signal?: AbortSignal
  allBlocksAreFinal: boolean
  headPollIntervalMs: number
  /** Called in the transaction of each batch that reaches the chain head. */
  onHead?: () => void
  // biome-ignore lint/suspicious/noExplicitAny: the runner is typed by the processor's internal batch shapes
}): Runner<any, any> {
  const sqdLog = createLogger('sqd:processor')
  const mappingLog = sqdLog.child('mapping')
  // The runner connects the database before the planner reads through it. A failed migration is
  // reported by the run itself; the planner only waits on this when a batch comes.
  const ready = opts.migrated.then(() => opts.database.opened())
  ready.catch(() => {})
  const planner = new BatchPlanner({
    manifest: opts.manifest,
    handlers: handlersByName,
    reader: () => opts.database.readStore(),
    ready,
    startsEmpty: opts.database.startedEmpty(),
    // Hot blocks committed by an earlier run are rolled back by the first finalized batch's
    // transaction: batches are computed in it (not ahead) until they are gone.
    hotBlocksCommitted: () => opts.database.hasHotBlocks(),
  })
  const handler = createBatchHandler({
    manifest: opts.manifest,
    planner,
    metrics: opts.metrics,
    signal: opts.signal,
    afterCommit: (fn) => opts.database.afterCommit(fn),
    onHead: opts.onHead,
  })
  return new Runner({
    // biome-ignore lint/suspicious/noExplicitAny: NoopDatabase implements the part of the interface the runner uses
    database: opts.database as any,
    requests: opts.internals.requests,
    hotDataSource: withFastFinalizedIngestion(opts.internals.hotDataSource, opts.internals.rpc, {
      headPollIntervalMs: opts.headPollIntervalMs,
      // Computing the next batch while this one is written hides it behind the database.
      // biome-ignore lint/suspicious/noExplicitAny: the batch shape is the processor's own
      prepare: (batch: any) => planner.ahead(batch.blocks, mappingLog),
      created: new DynamicRoutes(opts.manifest, handlersByName).factoryCreations(),
    }),
    allBlocksAreFinal: opts.allBlocksAreFinal,
    prometheus: opts.internals.prometheus,
    log: sqdLog,
    // biome-ignore lint/suspicious/noExplicitAny: the batch shape is the processor's own
    process: async (store: any, batch: any) => {
      await opts.migrated
      return handler({
        _chain: opts.internals.chain,
        log: mappingLog,
        store,
        blocks: batch.blocks,
        isHead: batch.isHead,
      })
    },
  })
}
