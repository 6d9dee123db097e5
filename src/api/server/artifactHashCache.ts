import { keccakOfFile, type OpenFile } from './openFileUnder'

/** Re-hashes artifact files at most once per file version, however many requests ask at once. */
export type ArtifactHashCache = {
  /**
   * What the bytes of `file` (opened as artifact `hash`) hash to: memoised by the file's identity
   * (inode, size, mtime, ctime), so a file replaced or written since is hashed again, and shared
   * while in flight, so concurrent requests for one artifact hash it once. Mismatches are memoised
   * too: a tampered artifact requested in a loop costs one read, not one per request.
   */
  actualHash(hash: string, file: OpenFile): Promise<string>
}

/**
 * Creates the cache behind `/artifacts/`. `onHash` is told each time a file is actually read and
 * hashed (metrics, tests).
 *
 * @example
 * const hashes = createArtifactHashCache({ maxEntries: 10_000 })
 * if ((await hashes.actualHash(hash, file)) !== hash) refuse()
 */
export function createArtifactHashCache(
  opts: { maxEntries?: number; onHash?: (hash: string) => void } = {},
): ArtifactHashCache {
  const maxEntries = opts.maxEntries ?? 10_000
  const known = new Map<string, string>()
  const inFlight = new Map<string, Promise<string>>()
  return {
    async actualHash(hash, file) {
      const key = `${hash}|${file.identity}`
      const memo = known.get(key)
      if (memo !== undefined) return memo
      let pending = inFlight.get(key)
      if (!pending) {
        opts.onHash?.(hash)
        pending = keccakOfFile(file)
          .then((actual) => {
            if (known.size >= maxEntries) known.delete(known.keys().next().value as string)
            known.set(key, actual)
            return actual
          })
          .finally(() => inFlight.delete(key))
        inFlight.set(key, pending)
      }
      return pending
    },
  }
}
