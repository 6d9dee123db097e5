import { NonRetryableError } from '../errors'

/**
 * A Merkle leaf or tree input that the contract could not have produced: a contribution id outside
 * uint256, a malformed address or hash, more leaves than the depth-32 tree holds. Rebuilding a
 * root from it would compare garbage with the sealed root, so it is refused instead.
 *
 * @example
 * throw new MerkleInputError('not an address: 0x1234')
 */
export class MerkleInputError extends NonRetryableError {
  override name = 'MerkleInputError'
}
