import { NonRetryableError, RetryableError } from '../errors'

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
