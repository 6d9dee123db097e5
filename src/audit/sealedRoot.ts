/**
 * The Merkle root that indexed contributions rebuild, remembered across restarts: rebuilding a
 * sealed version of 100k contributions costs ~200k keccaks (about 3 s here), and an auditor that
 * restarts would pay it again before its first batch ends.
 */
import { createHash } from 'node:crypto'
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import type { DerivedCache } from '../attribution/derivedCache'
import { derivedKey } from '../attribution/derivedCache'
import {
  contributionLeaf,
  incrementalMerkleRoot,
  LEAF_PREIMAGE_BYTES,
  writeContributionLeafPreimage,
} from '../crypto/merkle'
import type { ContributionRecord } from './auditTypes'

/** Derived-cache kind of a rebuilt root; bump if the leaf or tree definition changes. */
const SEALED_ROOT_KIND = 'sealed-root/1'

/**
 * Root of `rows` (in acceptance order) as `incrementalMerkleRoot` computes it. With a cache, the
 * entry is keyed by a SHA-256 of every leaf's preimage in order, so it answers only for exactly
 * these contributions; its value is the root itself (32 bytes, authenticated by the cache) and
 * is still compared with the sealed one by the caller. Only a root equal to `sealed` is stored:
 * index states that do not match the chain never fill the cache.
 *
 * @throws {RangeError} a row with an id, address or hash that cannot be a leaf.
 * @example
 * const root = await sealedRoot(rows, version.merkleRoot, scorers.derived)
 */
export async function sealedRoot(
  rows: readonly ContributionRecord[],
  sealed: Hex,
  cache?: DerivedCache,
): Promise<Hex> {
  const rebuild = () =>
    incrementalMerkleRoot(rows.map((c) => contributionLeaf(c.id, c.contributor, c.contentHash)))
  if (!cache) return rebuild()
  const key = derivedKey(SEALED_ROOT_KIND, leavesDigest(rows))
  const unusable = (err: unknown) =>
    void console.warn(`sealed-root cache unusable: ${(err as Error).message}`)
  const hit = await cache.get(key).catch(unusable)
  if (hit?.byteLength === 32) return bytesToHex(hit)
  const root = rebuild()
  if (root.toLowerCase() === sealed.toLowerCase()) await cache.put(key, hexToBytes(root)).catch(unusable)
  return root
}

/** SHA-256 of the leaf preimages in order (the count is implied by the length). */
function leavesDigest(rows: readonly ContributionRecord[]): Uint8Array {
  const buf = Buffer.alloc(rows.length * LEAF_PREIMAGE_BYTES)
  for (const [i, c] of rows.entries())
    writeContributionLeafPreimage(buf, i * LEAF_PREIMAGE_BYTES, c.id, c.contributor, c.contentHash)
  return createHash('sha256').update(buf).digest()
}
