import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type ArtifactStore, createArtifactStore } from './artifactStore'
import { cachedTrainingFeatures, trainingFeaturesKey } from './cachedTrainingFeatures'
import { createDerivedCache, derivedKey } from './derivedCache'
import { hashedBagOfWords } from './features'
import { loadModelPackage, publishModelPackage } from './modelPackage'
import { createModelScorerCache, type ModelScorerOptions, openModelScorer } from './modelScorer'
import { createPrng } from './prng'
import { trainClassifier } from './trainClassifier'
import { encodeTrainingFeatures } from './trainingFeaturesCodec'

const words = 'buy cheap meds now hello bob meeting noon free money click here lunch report'.split(' ')

describe('openModelScorer with the derived cache (features and graphs kept across restarts)', () => {
  let dir: string
  let store: ArtifactStore
  let artifactHash: Hex
  const rng = createPrng(8)
  const text = () => Array.from({ length: 7 }, () => words[rng.int(words.length)]).join(' ')
  const inputs = Array.from({ length: 5 }, () => new TextEncoder().encode(text()))
  const derivedDir = () => path.join(dir, 'refs', 'derived')
  /** A fresh process's view: new cache object over the same directories. */
  const weightsOf = async (options: ModelScorerOptions) => {
    const model = await openModelScorer(store, artifactHash, {
      device: 'cpu',
      cpuScreening: false,
      ...options,
    })
    try {
      const queries = inputs.map(model.query)
      return {
        cached: model.cached,
        weights: await model.scorer.attributeBatch(queries, { topK: 4 }),
        scores: await model.scorer.scoreBatch(queries),
      }
    } finally {
      await model.release()
    }
  }
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'model-scorer-cache-'))
    store = createArtifactStore({ dir: path.join(dir, 'store') })
    const texts = Array.from({ length: 30 }, text)
    const labels = texts.map((_, i) => i % 2)
    const xs = texts.map((t) => hashedBagOfWords(t, { buckets: 64 }))
    const checkpoints = trainClassifier(xs, labels, { inputDim: 64, hiddenDim: 6, checkpoints: 2, seed: 2 })
    const training = []
    for (const [i, t] of texts.entries())
      training.push({
        contributionId: String(i + 1),
        contentHash: await store.put(new TextEncoder().encode(t)),
        label: labels[i],
      })
    artifactHash = await publishModelPackage(store, {
      checkpoints,
      buckets: 64,
      labels: ['ham', 'spam'],
      training,
    })
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('a restart reads features and graph from the cache and scores exactly as a fresh build', async () => {
    const fresh = await weightsOf({ trustFeatureCache: false })
    const first = await weightsOf({ cacheDir: path.join(dir, 'refs') })
    const restarted = await weightsOf({ cacheDir: path.join(dir, 'refs') })
    expect([fresh.cached, first.cached, restarted.cached]).toEqual([false, false, true])
    expect(restarted.weights).toEqual(fresh.weights)
    expect(restarted.scores).toEqual(fresh.scores)
    // Features and one graph shard.
    expect((await readdir(derivedDir())).filter((f) => f.endsWith('.bin'))).toHaveLength(2)
  })

  it('tampered features and graph entries are logged and rebuilt, with the same weights', async () => {
    const fresh = await weightsOf({ trustFeatureCache: false })
    await weightsOf({ cacheDir: path.join(dir, 'refs') })
    const files = (await readdir(derivedDir())).filter((f) => f.endsWith('.bin'))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      for (const f of files) {
        const bytes = await readFile(path.join(derivedDir(), f))
        bytes[200] ^= 1
        await writeFile(path.join(derivedDir(), f), bytes)
      }
      const after = await weightsOf({ cacheDir: path.join(dir, 'refs') })
      expect(after.cached).toBe(false)
      expect(after.weights).toEqual(fresh.weights)
      expect(after.scores).toEqual(fresh.scores)
      expect(warn.mock.calls.filter(([m]) => String(m).includes('rejected'))).toHaveLength(2)
    } finally {
      warn.mockRestore()
    }
  })

  it('recomputes when an authenticated features entry does not fit the package', async () => {
    const fresh = await weightsOf({ trustFeatureCache: false })
    const { pkg } = await loadModelPackage(store, artifactHash)
    const key = derivedKey(
      'training-features/2',
      trainingFeaturesKey(
        pkg.checkpoints.map((c) => c.weights),
        artifactHash,
      ),
    )
    // Same secret (as an older auditor version would have written it): garbage, then too few rows.
    const cache = createDerivedCache({ dir: derivedDir() })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      await cache.put(key, Uint8Array.of(1, 2, 3))
      const garbage = await weightsOf({ cacheDir: path.join(dir, 'refs') })
      const { features } = await openModelScorer(store, artifactHash, { trustFeatureCache: false })
      await cache.put(key, encodeTrainingFeatures({ ...features, n: 2, checkpoints: [] }))
      const short = await weightsOf({ cacheDir: path.join(dir, 'refs') })
      for (const r of [garbage, short]) {
        expect(r.cached).toBe(false)
        expect(r.weights).toEqual(fresh.weights)
      }
      expect(warn.mock.calls.map(([m]) => String(m))).toEqual([
        expect.stringContaining('unreadable, recomputing'),
        expect.stringContaining('recomputing'),
      ])
    } finally {
      warn.mockRestore()
    }
  })

  it('moves features from the earlier ref cache into the derived cache without recomputing', async () => {
    const fresh = await weightsOf({ trustFeatureCache: false })
    const { pkg } = await loadModelPackage(store, artifactHash)
    const key = trainingFeaturesKey(
      pkg.checkpoints.map((c) => c.weights),
      artifactHash,
    )
    const refDir = path.join(dir, 'legacy')
    const { features } = await openModelScorer(store, artifactHash, { trustFeatureCache: false })
    await cachedTrainingFeatures({ store, refDir, key, compute: () => features })
    const moved = await weightsOf({ cacheDir: refDir })
    expect(moved.cached).toBe(true)
    expect(moved.weights).toEqual(fresh.weights)
    const entries = (await readdir(path.join(refDir, 'derived'))).filter((f) => f.endsWith('.bin'))
    expect(entries).toHaveLength(2)
  })

  it('does not read or write a cache when the feature cache is not trusted', async () => {
    const other = path.join(dir, 'untrusted')
    const cache = createModelScorerCache(store, { device: 'cpu', cacheDir: other, trustFeatureCache: false })
    await cache.get(artifactHash)
    expect(cache.derived).toBeUndefined()
    await cache.close()
    await expect(readdir(other)).rejects.toThrow()
  })
})
