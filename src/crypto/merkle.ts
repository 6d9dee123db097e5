import { type Address, bytesToHex, type Hex, hexToBytes } from 'viem'
import { MerkleInputError } from './errors'
import { keccak256Bytes } from './keccak256Bytes'

/**
 * Off-chain twin of DatanetRegistry's incremental Merkle tree: indexers and auditors rebuild a
 * sealed version's root from indexed contributions and compare it with the root sealed on chain.
 */

/** Depth of a datanet's incremental Merkle tree (DatanetRegistry.TREE_DEPTH). */
export const TREE_DEPTH = 32

/** zeroHashes[h] is the root of an empty subtree of height h (zeroHashes[0] = 32 zero bytes). */
const zeroHashes: Uint8Array[] = (() => {
  const out: Uint8Array[] = [new Uint8Array(32)]
  for (let h = 1; h <= TREE_DEPTH; h++) out.push(hashPair(out[h - 1], out[h - 1]))
  return out
})()

function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64)
  buf.set(left, 0)
  buf.set(right, 32)
  return keccak256Bytes(buf)
}

/**
 * Leaf of an accepted contribution, as DatanetRegistry hashes it:
 * `keccak256(abi.encode(contributionId, contributor, contentHash))`.
 *
 * @example
 * const leaf = contributionLeaf(1n, '0xf39F…', keccak256(toHex('hello')))
 */
export function contributionLeaf(contributionId: bigint, contributor: Address, contentHash: Hex): Hex {
  const buf = Buffer.alloc(LEAF_PREIMAGE_BYTES)
  writeContributionLeafPreimage(buf, 0, contributionId, contributor, contentHash)
  return bytesToHex(keccak256Bytes(buf))
}

/** Bytes of a contribution leaf's preimage, `abi.encode(uint256, address, bytes32)`. */
export const LEAF_PREIMAGE_BYTES = 96

/**
 * Writes the preimage of {@link contributionLeaf} into `buf` at `offset` (96 bytes, which must be
 * zero where the address is padded), after the same checks, so equal bytes mean equal leaves.
 *
 * @throws {MerkleInputError} an id out of uint256 range, or a malformed address or hash.
 * @example
 * const buf = Buffer.alloc(rows.length * LEAF_PREIMAGE_BYTES)
 * rows.forEach((c, i) => writeContributionLeafPreimage(buf, i * 96, c.id, c.contributor, c.contentHash))
 */
export function writeContributionLeafPreimage(
  buf: Buffer,
  offset: number,
  contributionId: bigint,
  contributor: Address,
  contentHash: Hex,
): void {
  // abi.encode of three static words, written directly: encodeAbiParameters dominated 100k-leaf rebuilds.
  if (contributionId < 0n || contributionId >= 2n ** 256n)
    throw new MerkleInputError(`uint256 out of range: ${contributionId}`)
  if (!/^0x[0-9a-fA-F]{40}$/.test(contributor)) throw new MerkleInputError(`not an address: ${contributor}`)
  if (!/^0x[0-9a-fA-F]{64}$/.test(contentHash)) throw new MerkleInputError(`not a bytes32: ${contentHash}`)
  buf.write(contributionId.toString(16).padStart(64, '0'), offset, 'hex')
  buf.write(contributor.slice(2), offset + 44, 'hex')
  buf.write(contentHash.slice(2), offset + 64, 'hex')
}

/**
 * Root of the depth-32 incremental Merkle tree (eth2 deposit-contract style, no length mix-in) over
 * `leaves` in acceptance order, empty leaves being zero: equal to `DatanetRegistry.merkleRoot`.
 * Builds level by level, padding an odd level with that level's precomputed zero hash, so it costs
 * about n keccaks (plus one per level once a level has one node): 100k leaves take ~1.3 s in Node.
 *
 * @throws {MerkleInputError} more leaves than the depth-32 tree holds.
 * @example
 * const root = incrementalMerkleRoot(accepted.map((c) => contributionLeaf(c.id, c.contributor, c.contentHash)))
 */
export function incrementalMerkleRoot(leaves: readonly Hex[]): Hex {
  if (leaves.length > 2 ** TREE_DEPTH - 1) throw new MerkleInputError(`too many leaves: ${leaves.length}`)
  if (leaves.length === 0) return bytesToHex(zeroHashes[TREE_DEPTH])
  let level = leaves.map((leaf) => hexToBytes(leaf))
  for (let h = 0; h < TREE_DEPTH; h++) {
    const next: Uint8Array[] = new Array(Math.ceil(level.length / 2))
    for (let i = 0; i < level.length; i += 2) {
      next[i >> 1] = hashPair(level[i], i + 1 < level.length ? level[i + 1] : zeroHashes[h])
    }
    level = next
  }
  return bytesToHex(level[0])
}
