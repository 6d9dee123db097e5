/**
 * Cache of bytes derived from content-addressed inputs (decoded training features, built score
 * graphs, verified sealed roots), so a restarted process reads them instead of recomputing them.
 * An entry is keyed by a hash of everything it derives from ({@link derivedKey}) and carries an
 * HMAC-SHA256 of (key, bytes) under a secret that never leaves the cache directory: a file that
 * is corrupted, renamed to another key, or written by anyone who cannot read that secret fails
 * the check, is logged, removed and rebuilt — never used. SHA-256 (OpenSSL, ~1.6 GB/s here)
 * rather than keccak (~0.15 GB/s in JS): these are local caches, nothing on chain names them.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmod, link, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Hex } from 'viem'
import { DerivedCacheIntegrityError, FileChangedWhileReadingError } from './errors'

/** Local cache of derived bytes; see {@link createDerivedCache}. */
export type DerivedCache = {
  /** Verified bytes under `key`; undefined when absent, or rejected (then logged and removed). */
  get(key: Hex): Promise<Uint8Array | undefined>
  /** Stores `bytes` under `key` (atomic: a crash never leaves a half-written entry). */
  put(key: Hex, bytes: Uint8Array): Promise<void>
  /** {@link DerivedCache.get}, or `build()` then {@link DerivedCache.put}. */
  getOrBuild(
    key: Hex,
    build: () => Uint8Array | Promise<Uint8Array>,
  ): Promise<{ bytes: Uint8Array; cached: boolean }>
  readonly location: string
}

const MAGIC = Buffer.from('OLDC')
const VERSION = 1
/** magic, version (u32 LE), key (32), mac (32) */
const HEADER_BYTES = 4 + 4 + 32 + 32
const KEY_RE = /^0x[0-9a-f]{64}$/
const SECRET_FILE = 'cache.secret'

/**
 * Key of a derived entry: SHA-256 of a kind tag (with its format version) and every input that
 * determines the bytes, each length-prefixed so no two input lists share a key.
 *
 * @example
 * const key = derivedKey('score-graph/1', featuresKey, String(start), String(end))
 */
export function derivedKey(kind: string, ...parts: (string | Uint8Array)[]): Hex {
  const h = createHash('sha256')
  for (const p of [kind, ...parts]) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p
    const len = Buffer.alloc(8)
    len.writeBigUInt64LE(BigInt(bytes.byteLength))
    h.update(len).update(bytes)
  }
  return `0x${h.digest('hex')}`
}

/**
 * Opens (creating on first write) a derived cache in `dir`, one `<key>.bin` file per entry and a
 * random `cache.secret` (mode 0600) made on first use.
 *
 * @example
 * const cache = createDerivedCache({ dir: path.join(cacheDir, 'derived') })
 * const { bytes } = await cache.getOrBuild(derivedKey('score-graph/1', key), () => buildGraph())
 */
export function createDerivedCache(options: {
  dir: string
  /** Told about every rejected entry. @default console.warn of the message */
  onRejected?: (err: DerivedCacheIntegrityError) => void
}): DerivedCache {
  const dir = path.resolve(options.dir)
  const onRejected = options.onRejected ?? ((err) => console.warn(err.message))
  let secret: Promise<Buffer> | undefined
  const secretOf = () => {
    secret ??= loadSecret(dir)
    return secret
  }
  const fileOf = (key: Hex) => {
    const k = key.toLowerCase()
    if (!KEY_RE.test(k)) throw new DerivedCacheIntegrityError(key, 'not a 32-byte hex key')
    return { k, file: path.join(dir, `${k}.bin`) }
  }
  const mac = async (key: string, bytes: Uint8Array) =>
    createHmac('sha256', await secretOf())
      .update(Buffer.from(key.slice(2), 'hex'))
      .update(bytes)
      .digest()

  const cache: DerivedCache = {
    location: dir,
    async get(key) {
      const { k, file } = fileOf(key)
      let buf: Buffer
      try {
        buf = await readInParts(file)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw err
      }
      const reason = await check(buf, k)
      if (reason === undefined)
        return new Uint8Array(buf.buffer, buf.byteOffset + HEADER_BYTES, buf.byteLength - HEADER_BYTES)
      onRejected(new DerivedCacheIntegrityError(key, reason, file))
      await rm(file, { force: true })
      return undefined
    },
    async put(key, bytes) {
      const { k, file } = fileOf(key)
      const header = Buffer.alloc(HEADER_BYTES)
      MAGIC.copy(header, 0)
      header.writeUInt32LE(VERSION, 4)
      header.write(k.slice(2), 8, 'hex')
      ;(await mac(k, bytes)).copy(header, 40)
      await mkdir(dir, { recursive: true })
      const tmp = path.join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`)
      try {
        await writeFile(tmp, [header, bytes])
        await rename(tmp, file)
      } catch (err) {
        await rm(tmp, { force: true })
        throw err
      }
    },
    async getOrBuild(key, build) {
      // The cache only saves time: a directory it cannot use is reported, and the bytes built.
      const hit = await cache.get(key).catch((err) => void onRejected(unusable(key, err)))
      if (hit) return { bytes: hit, cached: true }
      const bytes = await build()
      await cache.put(key, bytes).catch((err) => onRejected(unusable(key, err)))
      return { bytes, cached: false }
    },
  }

  /** Why `buf` is not a valid entry for key `k`, or undefined when it is. */
  async function check(buf: Buffer, k: string): Promise<string | undefined> {
    if (buf.byteLength < HEADER_BYTES || !buf.subarray(0, 4).equals(MAGIC)) return 'not a cache entry'
    if (buf.readUInt32LE(4) !== VERSION) return `unknown entry version ${buf.readUInt32LE(4)}`
    if (buf.toString('hex', 8, 40) !== k.slice(2)) return 'entry belongs to another key'
    const expected = await mac(k, buf.subarray(HEADER_BYTES))
    return timingSafeEqual(expected, buf.subarray(40, HEADER_BYTES))
      ? undefined
      : 'content does not match its keyed hash (tampered or corrupted)'
  }
  const unusable = (key: Hex, err: unknown) =>
    err instanceof DerivedCacheIntegrityError
      ? err
      : new DerivedCacheIntegrityError(key, `cache unusable: ${(err as Error).message}`, dir, { cause: err })
  return cache
}

/**
 * The cache's HMAC secret: read, or created once. Written to a temporary file and hard-linked into
 * place, so a crash never leaves a short secret and racing processes end up with the same one.
 */
async function loadSecret(dir: string): Promise<Buffer> {
  const file = path.join(dir, SECRET_FILE)
  await mkdir(dir, { recursive: true })
  const tmp = path.join(dir, `.tmp-secret-${process.pid}-${randomBytes(6).toString('hex')}`)
  try {
    await writeFile(tmp, randomBytes(32), { mode: 0o600 })
    await link(tmp, file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    await rm(tmp, { force: true })
  }
  const secret = await readFile(file)
  if (secret.byteLength !== 32)
    throw new DerivedCacheIntegrityError('secret', 'cache.secret is not 32 bytes', file)
  // A secret others can read lets them forge entries: keep it to the owner even if it pre-existed.
  await chmod(file, 0o600)
  return secret
}

/** Entries above this size are read as concurrent parts. */
const PARTED_READ_BYTES = 64 << 20

/**
 * The file's bytes, a large one read as four concurrent positional reads: one read copies at about
 * 300 MB/s on a 2-core VM, four at about 450 MB/s (a 310 MB entry: 1.3 s instead of 1.85 s),
 * which a restarting auditor pays twice (features and graph) before it audits.
 */
async function readInParts(file: string): Promise<Buffer> {
  const fh = await open(file, 'r')
  try {
    const { size } = await fh.stat()
    if (size < PARTED_READ_BYTES) return await fh.readFile()
    const buf = Buffer.allocUnsafe(size)
    const step = Math.ceil(size / 4)
    const part = async (start: number) => {
      const end = Math.min(size, start + step)
      for (let at = start; at < end; ) {
        const { bytesRead } = await fh.read(buf, at, end - at, at)
        // Shorter than its stat: changed under us; the keyed hash would reject it anyway.
        if (bytesRead === 0) throw new FileChangedWhileReadingError(file, at, size)
        at += bytesRead
      }
    }
    const starts: number[] = []
    for (let at = 0; at < size; at += step) starts.push(at)
    await Promise.all(starts.map(part))
    return buf
  } finally {
    await fh.close()
  }
}
