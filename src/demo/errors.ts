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

/**
 * The devnet cannot host the demo: too few unlocked accounts, or a contract the demo drives is
 * missing from the manifest.
 *
 * @example
 * throw new DemoSetupError('the demo needs 64 accounts, got 10')
 */
export class DemoSetupError extends NonRetryableError {
  override name = 'DemoSetupError'
}
