import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Checkpoint } from './checkpoint'
import { createScorer, type Scorer } from './createScorer'
import { NoPositiveAttributionError } from './errors'
import { hashedBagOfWords } from './features'
import { type InferenceQuery, inferenceQuery } from './inferenceQuery'
import { createPrng } from './prng'
import { selfInfluence } from './selfInfluence'
import { trainClassifier } from './trainClassifier'
import { computeTrainingFeatures, type TrainingFeatures } from './trainingFeatures'
import { PPM } from './weightsPpm'

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
