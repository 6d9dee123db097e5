import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDerivedCache, type DerivedCache } from '../attribution/derivedCache'
import type { DerivedCacheIntegrityError } from '../attribution/errors'
import { MerkleInputError } from '../crypto/errors'
import { contributionLeaf, incrementalMerkleRoot } from '../crypto/merkle'
import type { ContributionRecord } from './auditTypes'
import { sealedRoot } from './sealedRoot'

const rows: ContributionRecord[] = Array.from({ length: 37 }, (_, i) => ({
  id: BigInt(100 + i),
  datanetId: 1n,
  contributor: `0x${(i % 5).toString(16).padStart(40, '7')}`,
  contentHash: `0x${(i + 1).toString(16).padStart(64, '0')}`,
  acceptanceIndex: i,
}))
const rootOf = (rs: readonly ContributionRecord[]) =>
  incrementalMerkleRoot(rs.map((c) => contributionLeaf(c.id, c.contributor, c.contentHash)))
const sealed = rootOf(rows)

describe('sealedRoot', () => {
  let dir: string
  let cache: DerivedCache
  let rejected: DerivedCacheIntegrityError[]
  const entries = async () => (await readdir(dir)).filter((f) => f.endsWith('.bin'))
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sealed-root-'))
    rejected = []
    cache = createDerivedCache({ dir, onRejected: (err) => rejected.push(err) })
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('rebuilds the root once, then answers from the cache with the same root', async () => {
    expect(await sealedRoot(rows, sealed)).toBe(sealed)
    expect(await sealedRoot(rows, sealed, cache)).toBe(sealed)
    expect(await entries()).toHaveLength(1)
    // A fresh cache object over the same directory: what a restarted auditor sees.
    const again = createDerivedCache({ dir, onRejected: (err) => rejected.push(err) })
    expect(await sealedRoot(rows, sealed, again)).toBe(sealed)
    expect(rejected).toEqual([])
  })

  it('does not answer for different contributions (one contributor or one row changed)', async () => {
    await sealedRoot(rows, sealed, cache)
    const swapped = rows.map((c, i) => (i === 20 ? { ...c, contributor: `0x${'9'.repeat(40)}` as const } : c))
    expect(await sealedRoot(swapped, sealed, cache)).toBe(rootOf(swapped))
    expect(await sealedRoot(swapped, sealed, cache)).not.toBe(sealed)
    expect(await sealedRoot(rows.slice(0, 36), sealed, cache)).toBe(rootOf(rows.slice(0, 36)))
    // Roots that do not match the sealed one are never stored.
    expect(await entries()).toHaveLength(1)
  })

  it('rejects a tampered entry, logs it and rebuilds', async () => {
    await sealedRoot(rows, sealed, cache)
    const [entry] = await entries()
    const bytes = await readFile(path.join(dir, entry))
    bytes[bytes.length - 1] ^= 1
    await writeFile(path.join(dir, entry), bytes)
    expect(await sealedRoot(rows, sealed, cache)).toBe(sealed)
    expect(rejected).toHaveLength(1)
    expect(rejected[0].message).toContain('does not match its keyed hash')
  })

  it('rejects a malformed row like contributionLeaf does', async () => {
    const bad = [{ ...rows[0], contributor: '0xnot-an-address' as `0x${string}` }]
    await expect(sealedRoot(bad, sealed, cache)).rejects.toThrow(MerkleInputError)
  })
})
