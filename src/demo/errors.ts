import type { Hex } from 'viem'
import { NonRetryableError } from '../errors'

/**
 * A transaction of a batch reverted.
 *
 * @example
 * throw new BatchTxFailedError('contribute #12', '0xabc…')
 */
export class BatchTxFailedError extends NonRetryableError {
  override name = 'BatchTxFailedError'
  constructor(label: string, hash: string, options: { details?: string; cause?: unknown } = {}) {
    super(`Transaction "${label}" (${hash}) reverted.`, options)
  }
}

/**
 * The on-chain Merkle root differs from the one rebuilt from the demo's own records.
 *
 * @example
 * throw new MerkleRootMismatchError(1n, onChain, offChain)
 */
export class MerkleRootMismatchError extends NonRetryableError {
  override name = 'MerkleRootMismatchError'
  constructor(datanetId: bigint, onChain: Hex, offChain: Hex) {
    super(`Datanet ${datanetId}: sealed root ${onChain} differs from the rebuilt root ${offChain}.`)
  }
}
