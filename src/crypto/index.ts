// The public surface of src/crypto: what other folders and the tests import, and every error class.
// Everything else is internal.
export * from './errors'
export { keccak256Hex } from './keccak256Bytes'
export {
  contributionLeaf,
  incrementalMerkleRoot,
  LEAF_PREIMAGE_BYTES,
  writeContributionLeafPreimage,
} from './merkle'
