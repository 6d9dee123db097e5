/**
 * Content-addressed artifact store: bytes are stored under their keccak256 hash and every read
 * re-hashes them, so a reader never acts on bytes other than the ones the hash commits to.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Hex } from 'viem'
import { keccak256Hex } from '../crypto/keccak256Bytes'
import { ArtifactHashMismatchError, ArtifactNotFoundError } from './errors'

/** Read/write access to content-addressed bytes. */
export type ArtifactStore = {
  /** Stores `bytes` and returns their keccak256 hash (idempotent). */
  put(bytes: Uint8Array): Promise<Hex>
  /**
   * Returns the bytes whose keccak256 is `hash`.
   * @throws {ArtifactNotFoundError} nothing stored under `hash`.
   * @throws {ArtifactHashMismatchError} stored bytes do not hash to `hash`.
   */
  get(hash: Hex): Promise<Uint8Array>
  /** True when something is stored under `hash` (not verified; `get` verifies). */
  has(hash: Hex): Promise<boolean>
  /** Where the store lives, for messages. */
  readonly location: string
}

const HASH_RE = /^0x[0-9a-f]{64}$/

/**
 * Opens (and creates on first write) a store in a local directory, one file per artifact named
 * by its hash. Writes go to a temporary file first and are renamed into place, so a crash never
 * leaves a half-written artifact under a valid name.
 *
 * @example
 * const store = createArtifactStore({ dir: config.artifactDir })
 * const hash = await store.put(bytes)
 * const same = await store.get(hash)
 */
export function createArtifactStore(options: { dir: string }): ArtifactStore {
  const dir = path.resolve(options.dir)
  const fileOf = (hash: Hex): string => {
    const h = hash.toLowerCase()
    // A non-hash name could escape the directory or collide with temp files.
    if (!HASH_RE.test(h)) throw new ArtifactNotFoundError(hash, dir, { details: 'not a keccak256 hash' })
    return path.join(dir, `${h}.bin`)
  }
  return {
    location: dir,
    async put(bytes) {
      const hash = keccak256Hex(bytes)
      const file = fileOf(hash)
      await mkdir(dir, { recursive: true })
      const tmp = path.join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`)
      try {
        await writeFile(tmp, bytes)
        await rename(tmp, file)
      } catch (err) {
        await rm(tmp, { force: true })
        throw err
      }
      return hash
    },
    async get(hash) {
      const file = fileOf(hash)
      let bytes: Uint8Array
      try {
        const buf = await readFile(file)
        bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
          throw new ArtifactNotFoundError(hash, dir, { cause })
        throw cause
      }
      const actual = keccak256Hex(bytes)
      if (actual !== hash.toLowerCase()) throw new ArtifactHashMismatchError(hash, actual)
      return bytes
    },
    async has(hash) {
      try {
        return (await stat(fileOf(hash))).isFile()
      } catch {
        return false
      }
    },
  }
}
