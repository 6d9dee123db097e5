import path from 'node:path'
import type { Hex } from 'viem'
import { type ArtifactStore, createArtifactStore } from '../attribution/artifactStore'
import { ArtifactHashMismatchError, ArtifactNotFoundError } from '../attribution/errors'
import { keccak256Hex } from '../crypto/keccak256Bytes'
import { type DownloadLimits, downloadBytes } from './downloadBytes'

/**
 * An artifact store backed by a server's `/artifacts/` (`serve`, `start`): a read of a hash not
 * yet held downloads it (within `limits`), re-hashes it on arrival and keeps it in a private local
 * store under `dir`; writes (the verifier's own feature cache) stay local. So `verifyEvidence`
 * fetches exactly what the evidence names, transitively (contributions, package, checkpoints,
 * input, training texts), and trusts none of it more than a local file.
 *
 * A download that fails is an {@link ArtifactNotFoundError} whose cause says why (the server's
 * code, a timeout, the size limit); bytes that do not hash to their name an
 * {@link ArtifactHashMismatchError}, as in the local store.
 *
 * @example
 * const store = createRemoteArtifactStore({ baseUrl: 'http://host:4350/artifacts/', dir: tmp, limits })
 * const bytes = await store.get(hash)
 */
export function createRemoteArtifactStore(opts: {
  /** Ends in `/artifacts/`. */
  baseUrl: string
  /** Private directory for what arrives. */
  dir: string
  limits: DownloadLimits
}): ArtifactStore {
  const local = createArtifactStore({ dir: path.resolve(opts.dir) })
  const inFlight = new Map<string, Promise<Uint8Array>>()
  const fetchOnce = async (hash: Hex): Promise<Uint8Array> => {
    const url = new URL(hash.toLowerCase(), opts.baseUrl).href
    let bytes: Uint8Array
    try {
      bytes = await downloadBytes(url, opts.limits)
    } catch (cause) {
      throw new ArtifactNotFoundError(hash, opts.baseUrl, { cause })
    }
    const actual = keccak256Hex(bytes)
    if (actual !== hash.toLowerCase()) throw new ArtifactHashMismatchError(hash, actual)
    await local.put(bytes)
    return bytes
  }
  return {
    // The local directory: the feature cache puts its refs under `location`.
    location: local.location,
    put: (bytes) => local.put(bytes),
    has: (hash) => local.has(hash),
    async get(hash) {
      if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) return local.get(hash)
      if (await local.has(hash)) return local.get(hash)
      const key = hash.toLowerCase()
      let pending = inFlight.get(key)
      if (!pending) {
        pending = fetchOnce(hash).finally(() => inFlight.delete(key))
        inFlight.set(key, pending)
      }
      return pending
    },
  }
}
