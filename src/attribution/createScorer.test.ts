import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Checkpoint } from './checkpoint'
import { createScorer, type Scorer } from './createScorer'
import { AttributionInputError, NoPositiveAttributionError } from './errors'
import { hashedBagOfWords } from './features'
import { foldedQueries, foldedScore } from './foldedGradients'
import { type InferenceQuery, inferenceQuery } from './inferenceQuery'
import { sumZeroBasis } from './onnx/buildScoreModel'
import { createPrng } from './prng'
import { selfInfluence } from './selfInfluence'
import { trainClassifier } from './trainClassifier'
import { computeTrainingFeatures, rowNorms, type TrainingFeatures } from './trainingFeatures'
import { PPM, weightsFromScores } from './weightsPpm'

/**
 * Brute-force float64 reference: materialise each last-layer gradient g = δ ⊗ h as an explicit
 * C×W matrix and take dot products and norms of the flattened matrices.
 */
function referenceScores(tf: TrainingFeatures, q: InferenceQuery): number[] {
  const { n, width: W, numClasses: C } = tf
  const flatGrad = (delta: ArrayLike<number>, h: ArrayLike<number>): number[] => {
    const g: number[] = []
    for (let c = 0; c < C; c++) for (let u = 0; u < W; u++) g.push(delta[c] * h[u])
    return g
  }
  const dot = (a: number[], b: number[]) => a.reduce((s, v, j) => s + v * b[j], 0)
  const scores = new Array<number>(n).fill(0)
  tf.checkpoints.forEach((ck, k) => {
    const gt = flatGrad(q.delta[k], q.h[k])
    for (let i = 0; i < n; i++) {
      const gi = flatGrad(ck.delta.subarray(i * C, (i + 1) * C), ck.h.subarray(i * W, (i + 1) * W))
      const den = Math.sqrt(dot(gi, gi)) * Math.sqrt(dot(gt, gt))
      scores[i] += den > 0 ? (ck.learningRate * dot(gi, gt)) / den : 0
    }
  })
  return scores
}

function fixture(numClasses: number): {
  checkpoints: Checkpoint[]
  tf: TrainingFeatures
  queries: InferenceQuery[]
} {
  const rng = createPrng(11 + numClasses)
  const words = 'buy cheap meds now hello bob meeting noon free money click here lunch report invoice'.split(
    ' ',
  )
  const text = () => Array.from({ length: 6 }, () => words[rng.int(words.length)]).join(' ')
  const xs = Array.from({ length: 37 }, () => hashedBagOfWords(text(), { buckets: 256 }))
  const labels = xs.map((_, i) => i % numClasses)
  const checkpoints = trainClassifier(xs, labels, {
    inputDim: 256,
    hiddenDim: 12,
    numClasses,
    checkpoints: 3,
    seed: 3,
  })
  const tf = computeTrainingFeatures(checkpoints, xs, labels)
  const queries = Array.from({ length: 5 }, () =>
    inferenceQuery(checkpoints, hashedBagOfWords(text(), { buckets: 256 })),
  )
  return { checkpoints, tf, queries }
}

describe.each([2, 3])('createScorer with %i classes (real onnxruntime)', (numClasses) => {
  const { tf, queries } = fixture(numClasses)
  let scorer: Scorer
  beforeAll(async () => {
    scorer = await createScorer({ trainingFeatures: tf, device: 'cpu' })
  })
  afterAll(() => scorer.release())

  it('ONNX scores equal the float64 outer-product reference within 1e-5 relative', async () => {
    const onnx = await scorer.scoreBatch(queries)
    // Scores are sums of eta_k × cosines, so Σ eta_k bounds them; use it as the relative scale.
    const scale = tf.checkpoints.reduce((a, c) => a + c.learningRate, 0)
    queries.forEach((q, b) => {
      const ref = referenceScores(tf, q)
      for (let i = 0; i < tf.n; i++) expect(Math.abs(onnx[b][i] - ref[i])).toBeLessThanOrEqual(1e-5 * scale)
    })
    expect(scorer.device).toBe('cpu')
  })

  it('gives the same scores for a query alone and inside a batch', async () => {
    const [alone] = await scorer.scoreBatch([queries[2]])
    const batch = await scorer.scoreBatch(queries)
    for (let i = 0; i < tf.n; i++) expect(alone[i]).toBeCloseTo(batch[2][i], 6)
  })
})

describe('aggregation, sharding and self-influence', () => {
  const { tf, queries } = fixture(2)
  // Contribution '3' owns examples 0, 3, 6, …; ids deliberately out of order.
  const contributionIds = Array.from({ length: tf.n }, (_, i) => String(3 - (i % 4)))

  it('sums example scores per contribution, and shards give the same result', async () => {
    const one = await createScorer({ trainingFeatures: tf, contributionIds, device: 'cpu' })
    const sharded = await createScorer({
      trainingFeatures: tf,
      contributionIds,
      device: 'cpu',
      maxExamplesPerShard: 10,
    })
    expect(one.contributionIds).toEqual(['0', '1', '2', '3'])
    const perExample = await one.scoreBatch(queries)
    const [a, b] = [await one.contributionScores(queries), await sharded.contributionScores(queries)]
    queries.forEach((_, q) => {
      const expected = [0, 0, 0, 0]
      for (let i = 0; i < tf.n; i++) expected[Number(contributionIds[i])] += perExample[q][i]
      expected.forEach((v, c) => {
        expect(a[q][c]).toBeCloseTo(v, 6)
        expect(b[q][c]).toBeCloseTo(v, 6)
      })
    })
    const weights = await one.attribute(queries[0], { topK: 10 })
    expect(weights.weights.reduce((s, w) => s + w.weightPpm, 0)).toBe(PPM)
    const si = selfInfluence(tf)
    const agg = [0, 0, 0, 0]
    for (let i = 0; i < tf.n; i++) agg[Number(contributionIds[i])] += si[i]
    expect(one.selfInfluence().map((s) => s.selfInfluence)).toEqual(agg)
    await Promise.all([one.release(), sharded.release()])
  })

  it('reports a NoPositiveAttributionError per query when nothing scores positive', async () => {
    const scorer = await createScorer({ trainingFeatures: tf, device: 'cpu' })
    // A zero gradient has cosine 0 with everything: no positive score anywhere.
    const zero: InferenceQuery = { ...queries[0], delta: queries[0].delta.map((d) => d.map(() => 0)) }
    const [ok, none] = await scorer.attributeBatch([queries[0], zero], { topK: 3 })
    expect(ok).not.toBeInstanceOf(NoPositiveAttributionError)
    expect(none).toBeInstanceOf(NoPositiveAttributionError)
    await expect(scorer.attribute(zero, { topK: 3 })).rejects.toBeInstanceOf(NoPositiveAttributionError)
    await scorer.release()
  })
})

/** Random features with exact duplicate rows (equal scores, so ties are decided by id). */
function randomFeatures(n: number, width: number, numClasses: number, seed: number): TrainingFeatures {
  const rng = createPrng(seed)
  return {
    n,
    width,
    numClasses,
    checkpoints: Array.from({ length: 3 }, (_, k) => {
      const h = new Float32Array(n * width)
      const delta = new Float32Array(n * numClasses)
      for (let i = 0; i < n; i++) {
        const src = i % 5 === 4 ? i - 1 - rng.int(3) : i
        for (let u = 0; u < width; u++)
          h[i * width + u] =
            src === i ? (u === width - 1 ? 1 : Math.tanh(4 * rng.next() - 2)) : h[src * width + u]
        let sum = 0
        for (let c = 0; c < numClasses; c++) {
          delta[i * numClasses + c] = src === i ? rng.next() : delta[src * numClasses + c]
          sum += delta[i * numClasses + c]
        }
        if (src === i) for (let c = 0; c < numClasses; c++) delta[i * numClasses + c] -= sum / numClasses
      }
      return {
        learningRate: 0.05 * 0.7 ** k,
        h,
        delta,
        hNorm: rowNorms(h, n, width),
        deltaNorm: rowNorms(delta, n, numClasses),
      }
    }),
  }
}

function randomQueries(tf: TrainingFeatures, count: number, seed: number): InferenceQuery[] {
  const rng = createPrng(seed)
  return Array.from({ length: count }, () => ({
    label: 0,
    h: tf.checkpoints.map(() => Float32Array.from({ length: tf.width }, () => 2 * rng.next() - 1)),
    delta: tf.checkpoints.map(() => {
      const d = Float32Array.from({ length: tf.numClasses }, () => rng.next())
      const mean = d.reduce((a, b) => a + b, 0) / d.length
      return d.map((v) => v - mean)
    }),
  }))
}

/** Ranking options × shard sizes (one shard, several, many small ones) both engines are checked on. */
const RANKING_CASES: [{ topK: number; minWeightPpm?: number }, number][] = [
  [{ topK: 1 }, 200_000],
  [{ topK: 10 }, 200_000],
  [{ topK: 10 }, 700],
  [{ topK: 200 }, 400],
  [{ topK: 10, minWeightPpm: 95_000 }, 200_000],
]

describe.each([2, 3])('CPU attributeBatch: int8 screen then exact rescoring (%i classes)', (numClasses) => {
  const tf = randomFeatures(1500, 33, numClasses, 40 + numClasses)
  const queries = randomQueries(tf, 9, 5)
  const refs = queries.map((q) => referenceScores(tf, q))
  const ids = Array.from({ length: tf.n }, (_, i) => String(i))

  it.each(RANKING_CASES)(
    'gives exactly the weights of exact scores over all rows (%o, shards of %i)',
    async (options, maxExamplesPerShard) => {
      const scorer = await createScorer({
        trainingFeatures: tf,
        device: 'cpu',
        maxBatch: 4,
        maxExamplesPerShard,
      })
      const results = await scorer.attributeBatch(queries, options)
      const basis = sumZeroBasis(numClasses)
      const q = foldedQueries(queries, tf, basis)
      const stride = q.length / queries.length
      results.forEach((r, b) => {
        if (r instanceof NoPositiveAttributionError) throw r
        // The screen may only decide what to rescore: same ids, ppm and scores as scoring every row.
        const all = Array.from({ length: tf.n }, (_, i) => foldedScore(tf, basis, q, b * stride, i))
        expect(r.weights).toEqual(weightsFromScores(all, ids, options))
        // Against the float64 outer-product reference (another arrangement of the same formula, norms
        // in float64 on both sides): same recipients, same ppm, scores within 1e-12.
        const reference = weightsFromScores(refs[b], ids, options)
        expect(r.weights.map((w) => [w.contributionId, w.weightPpm])).toEqual(
          reference.map((w) => [w.contributionId, w.weightPpm]),
        )
        r.weights.forEach((w, j) => {
          expect(Math.abs(w.score - reference[j].score)).toBeLessThanOrEqual(1e-12 * reference[j].score)
        })
        expect(r.weights.reduce((s, w) => s + w.weightPpm, 0)).toBe(PPM)
      })
      await scorer.release()
    },
  )

  it('aggregates per contribution across shards like the reference sums', async () => {
    // Contributions of 1 to 7 examples, ids out of order, spanning shard boundaries.
    const contributionIds = Array.from({ length: tf.n }, (_, i) => String(((i * 7) % 300) + 1000))
    const byId = [...new Set(contributionIds)]
    const scorer = await createScorer({
      trainingFeatures: tf,
      contributionIds,
      device: 'cpu',
      maxExamplesPerShard: 400,
    })
    const results = await scorer.attributeBatch(queries, { topK: 15 })
    results.forEach((r, b) => {
      if (r instanceof NoPositiveAttributionError) throw r
      const sums = byId.map((id) => refs[b].reduce((s, v, i) => (contributionIds[i] === id ? s + v : s), 0))
      const expected = weightsFromScores(sums, byId, { topK: 15 })
      expect(r.weights.map((w) => w.contributionId)).toEqual(expected.map((w) => w.contributionId))
      for (const [j, w] of r.weights.entries())
        expect(Math.abs(w.weightPpm - expected[j].weightPpm)).toBeLessThanOrEqual(1)
    })
    await scorer.release()
  })
})

describe('CPU attributeBatch edge cases', () => {
  const tf = randomFeatures(300, 9, 2, 77)
  const [query] = randomQueries(tf, 1, 8)

  it('reports a non-finite query as NoPositiveAttributionError and still answers the others', async () => {
    const scorer = await createScorer({ trainingFeatures: tf, device: 'cpu' })
    const bad: InferenceQuery = {
      ...query,
      h: query.h.map((h) => h.map((v, u) => (u === 0 ? Number.NaN : v))),
    }
    const [ok, none] = await scorer.attributeBatch([query, bad], { topK: 3 })
    expect(ok).not.toBeInstanceOf(NoPositiveAttributionError)
    expect(none).toBeInstanceOf(NoPositiveAttributionError)
    await scorer.release()
  })

  it('never picks a training example whose features are not finite', async () => {
    const scorer = await createScorer({ trainingFeatures: tf, device: 'cpu' })
    const [before] = await scorer.attributeBatch([query], { topK: 1 })
    if (before instanceof NoPositiveAttributionError) throw before
    const best = Number(before.weights[0].contributionId)
    const broken: TrainingFeatures = {
      ...tf,
      checkpoints: tf.checkpoints.map((ck) => {
        const h = ck.h.slice()
        h[best * tf.width] = Number.NaN
        return { ...ck, h }
      }),
    }
    const other = await createScorer({ trainingFeatures: broken, device: 'cpu' })
    const [after] = await other.attributeBatch([query], { topK: 3 })
    if (after instanceof NoPositiveAttributionError) throw after
    expect(after.weights.map((w) => w.contributionId)).not.toContain(String(best))
    expect(after.weights).toHaveLength(3)
    await Promise.all([scorer.release(), other.release()])
  })

  it('rejects a bad topK before running anything', async () => {
    const scorer = await createScorer({ trainingFeatures: tf, device: 'cpu' })
    await expect(scorer.attributeBatch([query], { topK: 0 })).rejects.toBeInstanceOf(AttributionInputError)
    await scorer.release()
  })
})

describe('float32 path attributeBatch: TopK inside the graph (CUDA, or cpuScreening: false)', () => {
  const tf = randomFeatures(1500, 33, 2, 91)
  const queries = randomQueries(tf, 9, 6)

  it.each(RANKING_CASES)(
    'nominates with the graph and weighs exact scores: the weights of exact scores over all rows (%o, shards of %i)',
    async (options, maxExamplesPerShard) => {
      const scorer = await createScorer({
        trainingFeatures: tf,
        device: 'cpu',
        cpuScreening: false,
        maxBatch: 4,
        maxExamplesPerShard,
      })
      const results = await scorer.attributeBatch(queries, options)
      const exact = scorer.exactScores(
        queries,
        queries.map(() => scorer.contributionIds),
      )
      results.forEach((r, b) => {
        if (r instanceof NoPositiveAttributionError) throw r
        expect(r.weights).toEqual(weightsFromScores(exact[b], scorer.contributionIds, options))
        expect(r.weights.reduce((s, w) => s + w.weightPpm, 0)).toBe(PPM)
      })
      await scorer.release()
    },
  )
})
