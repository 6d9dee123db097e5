import { NonRetryableError, RetryableError } from '../errors'

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
