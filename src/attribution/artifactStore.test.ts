import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { keccak256 } from 'viem'
import { beforeEach, describe, expect, it } from 'vitest'
import { type ArtifactStore, createArtifactStore } from './artifactStore'
import { ArtifactHashMismatchError, ArtifactNotFoundError } from './errors'

describe('createArtifactStore', () => {
  let dir: string
  let store: ArtifactStore
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'artifacts-'))
    store = createArtifactStore({ dir })
  })

  it('round-trips bytes under their keccak256 hash', async () => {
    const bytes = new TextEncoder().encode('hello attribution')
    const hash = await store.put(bytes)
    expect(hash).toBe(keccak256(bytes))
    expect(await store.get(hash)).toEqual(bytes)
    expect(await store.has(hash)).toBe(true)
    expect(await store.put(bytes)).toBe(hash)
    // No temp files left behind by the atomic write.
    expect(await readdir(dir)).toEqual([`${hash}.bin`])
  })

  it('throws ArtifactNotFoundError for missing content', async () => {
    const missing = keccak256(new Uint8Array([1, 2, 3]))
    await expect(store.get(missing)).rejects.toBeInstanceOf(ArtifactNotFoundError)
    await expect(store.get('0xnot-a-hash')).rejects.toBeInstanceOf(ArtifactNotFoundError)
    expect(await store.has(missing)).toBe(false)
  })

  it('throws ArtifactHashMismatchError when the stored file was tampered with', async () => {
    const hash = await store.put(new Uint8Array([1, 2, 3, 4]))
    await writeFile(path.join(dir, `${hash}.bin`), new Uint8Array([1, 2, 3, 5]))
    const err = await store.get(hash).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArtifactHashMismatchError)
    expect((err as ArtifactHashMismatchError).retryable).toBe(false)
  })
})
