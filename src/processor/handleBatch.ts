import type { Logger } from '@subsquid/logger'
import type { BatchContext } from '../computation/batchContext'
import { BatchPlanner } from '../computation/batchPlanner'
import { FLUSH_ORDER } from '../computation/flushOrder'
import { isDataError } from '../computation/isDataError'
import { isolateBatch } from '../computation/isolateBatch'
import { inSavepoint } from '../db/write/inSavepoint'
import type { Manifest } from '../manifest/manifest'
import { IndexerStoppedError } from './errors'
import { handlersByName } from './handlersByName'
import type { IndexerMetrics } from './metrics'

/**
 * Builds the processor's batch handler. Per batch: the batch's entity changes (`computeBatch`),
 * computed ahead by `planner` while the previous batch was written, or now; then one upsert and
 * one insert per entity type. The processor commits it atomically with its progress (hot blocks
 * get a rollback log). A batch whose computation or write fails on its data ({@link isDataError})
 * is rolled back to a savepoint and written again by {@link isolateBatch}: retried, then bisected by
 * transaction, a transaction that still fails skipped and recorded.
 *
 * @example
 * processor.run(db, createBatchHandler({ manifest, metrics, log }))
 */
export function createBatchHandler(opts: {
  manifest: Manifest
  /** Shared with the ingestion stage that prepares batches ahead. @default a private one */
  planner?: BatchPlanner
  metrics?: IndexerMetrics
  log?: Logger
  signal?: AbortSignal
  getChainHead?: () => number | undefined
  /** Called in the transaction of each batch that reaches the chain head, after its writes. */
  onHead?: () => void
  /**
   * Defers work until the batch's transaction commits ({@link ProcessorDatabase.afterCommit}):
   * the batch is recorded in the metrics then. @default run it at the end of the handler
   */
  afterCommit?: (fn: () => void | Promise<void>) => void
}) {
  const planner = opts.planner ?? new BatchPlanner({ ...opts, handlers: handlersByName })

  return async (ctx: BatchContext): Promise<void> => {
    if (opts.signal?.aborted) throw new IndexerStoppedError()
    const started = performance.now()
    const log = opts.log ?? ctx.log
    let events: number
    let anomalies: number
    try {
      const computed = await planner.take(ctx.blocks, ctx.store, log)
      ;({ events, anomalies } = computed)
      await inSavepoint(ctx.store, () => computed.cache.flush(ctx.store, FLUSH_ORDER))
    } catch (err) {
      // A batch that fails on its data must not halt indexing at the same block forever.
      if (!isDataError(err)) throw err
      // What was computed ahead on top of this batch's rows is stale now.
      planner.invalidate()
      ;({ events, anomalies } = await isolateBatch(planner.isolation, ctx.blocks, ctx.store, log, err))
    }
    const last = ctx.blocks[ctx.blocks.length - 1]
    if (ctx.isHead) opts.onHead?.()
    const record = () =>
      opts.metrics?.recordBatch({
        blocks: ctx.blocks.length,
        events,
        anomalies,
        lastBlock: last?.header.height ?? 0,
        seconds: (performance.now() - started) / 1000,
      })
    if (opts.afterCommit) opts.afterCommit(record)
    else record()
    if (anomalies)
      log.warn(
        `${anomalies} anomalies recorded in blocks ${ctx.blocks[0]?.header.height}..${last?.header.height}`,
      )
    log.debug({ blocks: ctx.blocks.length, events }, 'batch written')
  }
}
