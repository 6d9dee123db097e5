import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDerivedCache, derivedKey } from './derivedCache'
import { DerivedCacheIntegrityError } from './errors'

describe('createDerivedCache', () => {
  let dir: string
  let rejected: DerivedCacheIntegrityError[]
  const open = (d = dir) => createDerivedCache({ dir: d, onRejected: (err) => rejected.push(err) })
  const key = derivedKey('test/1', 'a')
  const fileOf = (k: string) => path.join(dir, `${k}.bin`)
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'derived-cache-'))
    rejected = []
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('returns the stored bytes, and nothing for a key never stored', async () => {
    const cache = open()
    expect(await cache.get(key)).toBeUndefined()
    await cache.put(key, Uint8Array.of(1, 2, 3))
    expect(await open().get(key)).toEqual(Uint8Array.of(1, 2, 3))
    expect(rejected).toEqual([])
    // The secret is the owner's alone.
    expect((await stat(path.join(dir, 'cache.secret'))).mode & 0o777).toBe(0o600)
  })

  it('reads a large entry (read in concurrent parts) byte for byte, and rejects one changed in its last part', async () => {
    const big = new Uint8Array(70 << 20)
    for (let i = 0; i < big.length; i += 4093) big[i] = i % 251
    big[big.length - 1] = 7
    await open().put(key, big)
    const back = await open().get(key)
    expect(back?.byteLength).toBe(big.byteLength)
    expect(Buffer.compare(Buffer.from(back!), Buffer.from(big))).toBe(0)
    const bytes = await readFile(fileOf(key))
    bytes[bytes.length - 2] ^= 1
    await writeFile(fileOf(key), bytes)
    expect(await open().get(key)).toBeUndefined()
    expect(rejected.map((e) => e.name)).toEqual(['DerivedCacheIntegrityError'])
  })

  it('rejects, logs, removes and rebuilds an entry whose content was changed', async () => {
    await open().put(key, Uint8Array.of(1, 2, 3))
    const bytes = await readFile(fileOf(key))
    bytes[bytes.length - 1] ^= 1
    await writeFile(fileOf(key), bytes)
    let builds = 0
    const result = await open().getOrBuild(key, () => {
      builds++
      return Uint8Array.of(1, 2, 3)
    })
    expect(result).toEqual({ bytes: Uint8Array.of(1, 2, 3), cached: false })
    expect(builds).toBe(1)
    expect(rejected).toHaveLength(1)
    expect(rejected[0]).toBeInstanceOf(DerivedCacheIntegrityError)
    expect(rejected[0].message).toContain('does not match its keyed hash')
    // Rebuilt and stored again: the next read is a verified hit.
    expect(await open().get(key)).toEqual(Uint8Array.of(1, 2, 3))
  })

  it("rejects another key's valid entry renamed to this key", async () => {
    const other = derivedKey('test/1', 'b')
    await open().put(other, Uint8Array.of(9))
    await writeFile(fileOf(key), await readFile(fileOf(other)))
    expect(await open().get(key)).toBeUndefined()
    expect(rejected[0].message).toContain('another key')
  })

  it('rejects an entry forged with a recomputed hash by someone without the secret', async () => {
    // A second cache (its own secret) writes a well-formed entry; planted here it must not pass.
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'derived-cache-forger-'))
    try {
      await open(elsewhere).put(key, Uint8Array.of(6, 6, 6))
      await open().put(derivedKey('test/1', 'init'), Uint8Array.of(0))
      await writeFile(fileOf(key), await readFile(path.join(elsewhere, `${key}.bin`)))
      expect(await open().get(key)).toBeUndefined()
      expect(rejected).toHaveLength(1)
    } finally {
      await rm(elsewhere, { recursive: true, force: true })
    }
  })

  it('rejects truncated and foreign files', async () => {
    await writeFile(path.join(dir, `${key}.bin`), 'not a cache entry')
    expect(await open().get(key)).toBeUndefined()
    expect(rejected[0].message).toContain('not a cache entry')
  })

  it('refuses a key that is not a 32-byte hash (no path escapes)', async () => {
    await expect(open().get('0x../../etc' as `0x${string}`)).rejects.toThrow(DerivedCacheIntegrityError)
  })
})

describe('derivedKey', () => {
  it('depends on the kind and every part, and never confuses part boundaries', () => {
    const keys = [
      derivedKey('k/1', 'ab', 'c'),
      derivedKey('k/1', 'a', 'bc'),
      derivedKey('k/2', 'ab', 'c'),
      derivedKey('k/1', 'ab', 'c', ''),
      derivedKey('k/1', Uint8Array.of(0x61, 0x62), 'd'),
    ]
    expect(new Set(keys).size).toBe(keys.length)
    expect(derivedKey('k/1', 'ab', 'c')).toBe(keys[0])
    expect(keys[0]).toMatch(/^0x[0-9a-f]{64}$/)
  })
})
