import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScorer } from './createScorer'
import { createDerivedCache, type DerivedCache } from './derivedCache'
import type { DerivedCacheIntegrityError } from './errors'
import { hashedBagOfWords } from './features'
import { inferenceQuery } from './inferenceQuery'
import { createPrng } from './prng'
import { trainClassifier } from './trainClassifier'
import { computeTrainingFeatures } from './trainingFeatures'

const rng = createPrng(29)
const words = 'buy cheap meds now hello bob meeting noon free money click here lunch report'.split(' ')
const text = () => Array.from({ length: 6 }, () => words[rng.int(words.length)]).join(' ')
const xs = Array.from({ length: 41 }, () => hashedBagOfWords(text(), { buckets: 128 }))
const labels = xs.map((_, i) => i % 2)
const checkpoints = trainClassifier(xs, labels, { inputDim: 128, hiddenDim: 8, checkpoints: 3, seed: 4 })
const tf = computeTrainingFeatures(checkpoints, xs, labels)
const queries = Array.from({ length: 6 }, () =>
  inferenceQuery(checkpoints, hashedBagOfWords(text(), { buckets: 128 })),
)
// Contributions out of order and one with several examples: the cached graph keeps the row order.
const contributionIds = xs.map((_, i) => String(40 - (i % 30)))
const key = `0x${'ab'.repeat(32)}` as const

describe('score graph cache (createScorer graphCache, real onnxruntime)', () => {
  let dir: string
  let cache: DerivedCache
  const rejected: DerivedCacheIntegrityError[] = []
  const open = (withCache: boolean) =>
    createScorer({
      trainingFeatures: tf,
      contributionIds,
      device: 'cpu',
      cpuScreening: false,
      maxExamplesPerShard: 16,
      ...(withCache ? { graphCache: { cache, key } } : {}),
    })
  const scoresOf = async (withCache: boolean) => {
    const scorer = await open(withCache)
    try {
      return {
        scores: await scorer.scoreBatch(queries),
        weights: await scorer.attributeBatch(queries, { topK: 5 }),
      }
    } finally {
      await scorer.release()
    }
  }
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'graph-cache-'))
    cache = createDerivedCache({ dir, onRejected: (err) => rejected.push(err) })
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('scores from cached graphs equal scores from a fresh build, bit for bit', async () => {
    const fresh = await scoresOf(false)
    const building = await scoresOf(true)
    const entries = (await readdir(dir)).filter((f) => f.endsWith('.bin'))
    expect(entries).toHaveLength(3) // 41 rows in shards of 16
    const cached = await scoresOf(true)
    expect(building).toEqual(fresh)
    expect(cached).toEqual(fresh)
    expect(rejected).toEqual([])
  })

  it('rebuilds (and logs) a tampered graph instead of running it', async () => {
    const fresh = await scoresOf(false)
    const [first] = (await readdir(dir)).filter((f) => f.endsWith('.bin')).sort()
    const file = path.join(dir, first)
    const bytes = await readFile(file)
    // One flipped bit, wherever it lands in the graph, must never reach onnxruntime.
    bytes[bytes.length - 8] ^= 0x40
    await writeFile(file, bytes)
    const after = await scoresOf(true)
    expect(rejected).toHaveLength(1)
    expect(rejected[0].name).toBe('DerivedCacheIntegrityError')
    expect(after).toEqual(fresh)
    expect(await readFile(file)).not.toEqual(bytes)
  })
})
