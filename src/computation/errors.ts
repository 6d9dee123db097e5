import { NonRetryableError } from '../errors'

/**
 * The batch planner was handed a batch it cannot have computed correctly: prepared batches that
 * Subsquid's runner joined into one after some of them were computed ahead. A bug, not a
 * condition to retry.
 *
 * @example
 * throw new BatchPlanError('blocks 120.. were computed ahead and joined')
 */
export class BatchPlanError extends NonRetryableError {
  override name = 'BatchPlanError'
  constructor(reason: string) {
    super(`Cannot plan the batch: ${reason}.`)
  }
}

/**
 * A handler broke the computation's contract: it read an entity it did not prefetch, asked for a
 * stub of an entity type that has none, or wrote an entity type missing from the flush order. A
 * bug in the indexer's code, not in the data: the batch is not isolated, the indexer stops.
 *
 * @example
 * throw new HandlerBugError('Account 0xabc was read without being prefetched')
 */
export class HandlerBugError extends NonRetryableError {
  override name = 'HandlerBugError'
  constructor(reason: string) {
    super(`Handler bug: ${reason}.`)
  }
}
