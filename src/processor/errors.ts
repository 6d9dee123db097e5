import { NonRetryableError, RetryableError } from '../errors'

/**
 * The indexer was asked to stop (its AbortSignal fired); thrown inside the processor loop to end it.
 *
 * @example
 * if (signal.aborted) throw new IndexerStoppedError()
 */
export class IndexerStoppedError extends NonRetryableError {
  override name = 'IndexerStoppedError'
  constructor() {
    super('The indexer was stopped.')
  }
}

/**
 * The manifest lists no contract the indexer knows how to index.
 *
 * @example
 * throw new EmptyManifestError('/data/manifest.json')
 */
export class EmptyManifestError extends NonRetryableError {
  override name = 'EmptyManifestError'
  constructor(source: string) {
    super(`The manifest ${source} lists no contracts to index.`)
  }
}

/**
 * The processor loop failed (RPC unreachable after retries, database lost); the caller may restart.
 *
 * @example
 * throw new IndexerFailedError({ cause })
 */
export class IndexerFailedError extends RetryableError {
  override name = 'IndexerFailedError'
  constructor(options: { cause?: unknown } = {}) {
    super('The indexer stopped on an error.', options)
  }
}

/**
 * A block the indexer had committed as final is no longer on the chain: the reorg was deeper
 * than the finality confirmation depth, so its changes cannot be rolled back. Re-index (drop the
 * database) or raise the finality depth.
 *
 * @example
 * throw new DeepReorgError({ height: 120, indexedHash: '0xab…', chainHash: '0xcd…' })
 */
export class DeepReorgError extends NonRetryableError {
  override name = 'DeepReorgError'
  constructor(
    b: { height: number; indexedHash: string; chainHash: string | undefined },
    options: { cause?: unknown } = {},
  ) {
    super(`Finalized block ${b.height} changed on chain: a reorg deeper than the finality depth.`, {
      ...options,
      metaMessages: [
        `indexed hash: ${b.indexedHash}`,
        `chain hash:   ${b.chainHash ?? '(missing)'}`,
        'Re-index from scratch (drop the database) or raise the finality confirmation depth.',
      ],
    })
  }
}

/**
 * The node answered inconsistently for a finalized block range (logs, receipts and headers of one
 * block with different hashes, a removed log, a missing block or receipt): usually a reorg deeper
 * than the finality depth racing the fetch. The range is fetched again a few times first.
 *
 * @example
 * throw new InconsistentRangeError(120, 'receipt of a different block')
 */
export class InconsistentRangeError extends RetryableError {
  override name = 'InconsistentRangeError'
  constructor(height: number, reason: string) {
    super(`Inconsistent data for finalized block ${height}: ${reason}.`)
  }
}

/**
 * The bulk writers were handed a store they cannot write through: rows of different entity types
 * in one call, or a typeorm-store whose private manager or change tracker moved (a library
 * upgrade). A bug, not a condition to retry.
 *
 * @example
 * throw new BulkWriteError('rows of different entity types (Account, Datanet)')
 */
export class BulkWriteError extends NonRetryableError {
  override name = 'BulkWriteError'
  constructor(reason: string) {
    super(`Cannot bulk-write: ${reason}.`)
  }
}

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
 * A bulk insert refers to a row that does not exist: the foreign key check the bulk writers run
 * instead of PostgreSQL's triggers failed (what a 23503 foreign_key_violation is otherwise). Caused
 * by the data, so the batch is isolated ({@link isDataError}).
 *
 * @example
 * throw new MissingReferenceError('insert into "vote" violates foreign key FK_1: 1 of the "proposal" rows it references do not exist')
 */
export class MissingReferenceError extends BulkWriteError {
  override name = 'MissingReferenceError'
}

/**
 * The node's answer could not be read as JSON-RPC: a body cut short or not JSON, an envelope with
 * neither `result` nor `error`, an answer to another id, a batch answer missing or nulling an
 * element, or a 5xx. Nothing of it is used; the RPC client sends the request again (with its
 * backoff), as it does for a refused connection.
 *
 * @example
 * throw new MalformedRpcAnswerError('eth_getLogs', 'neither result nor error')
 */
export class MalformedRpcAnswerError extends RetryableError {
  override name = 'MalformedRpcAnswerError'
  constructor(method: string, reason: string, options: { cause?: unknown } = {}) {
    super(`The node's answer to ${method} is malformed: ${reason}.`, options)
  }
}
