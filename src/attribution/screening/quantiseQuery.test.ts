import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { foldedQueries, foldedScore } from '../foldedGradients'
import type { InferenceQuery } from '../inferenceQuery'
import { sumZeroBasis } from '../onnx/buildScoreModel'
import { buildScreeningModel } from '../onnx/buildScreeningModel'
import { createSession } from '../onnx/createSession'
import { createPrng } from '../prng'
import { rowNorms, type TrainingFeatures } from '../trainingFeatures'
import { quantiseQuery } from './quantiseQuery'
import { quantiseTrainingRows } from './quantiseTrainingRows'

function features(n: number, width: number, numClasses: number, seed: number): TrainingFeatures {
  const rng = createPrng(seed)
  return {
    n,
    width,
    numClasses,
    checkpoints: [0.05, 0.035, 0.0245].map((learningRate) => {
      // Heavy-tailed h (a few large entries) is the hard case for one int8 scale per row.
      const h = Float32Array.from({ length: n * width }, () => Math.tanh(3 * (rng.next() - 0.5)) ** 3)
      const delta = Float32Array.from({ length: n * numClasses }, () => rng.next() - 0.5)
      return {
        learningRate,
        h,
        delta,
        hNorm: rowNorms(h, n, width),
        deltaNorm: rowNorms(delta, n, numClasses),
      }
    }),
  }
}

describe.each([2, 3])('int8 screening bounds (%i classes)', (numClasses) => {
  it('every row: |exact − approx| ≤ bound, from the real MatMulInteger products', async () => {
    const tf = features(2000, 65, numClasses, numClasses)
    const rng = createPrng(9)
    const queries: InferenceQuery[] = Array.from({ length: 6 }, () => ({
      label: 0,
      h: tf.checkpoints.map(() => Float32Array.from({ length: tf.width }, () => rng.next() - 0.5)),
      delta: tf.checkpoints.map(() => Float32Array.from({ length: numClasses }, () => rng.next() - 0.5)),
    }))
    const basis = sumZeroBasis(numClasses)
    const FW = 3 * basis.length * tf.width
    const order = Int32Array.from({ length: tf.n }, (_, i) => i)
    const rows = quantiseTrainingRows(tf, basis, order, 0, tf.n)
    const { session } = await createSession(
      buildScreeningModel({ n: tf.n, foldedWidth: FW, gT: rows.gT }),
      'cpu',
    )
    const q = foldedQueries(queries, tf, basis)
    const codes = new Uint8Array(2 * queries.length * FW)
    const terms = queries.map((_, b) => quantiseQuery(q, b * FW, FW, codes)!)
    const out = await session.run({ q: new ort.Tensor('uint8', codes, [2 * queries.length, FW]) })
    const acc = out.acc.data as Int32Array
    let worst = 0
    queries.forEach((_, b) => {
      const t = terms[b]
      for (let j = 0; j < tf.n; j++) {
        const hi = acc[2 * b * tf.n + j]
        const lo = acc[(2 * b + 1) * tf.n + j]
        const approx = rows.scale[j] * (t.stepHi * hi + t.stepLo * lo)
        const bound = t.alpha * rows.norm[j] + t.beta * rows.err[j]
        const error = Math.abs(foldedScore(tf, basis, q, b * FW, j) - approx)
        expect(error).toBeLessThanOrEqual(bound)
        worst = Math.max(worst, error / bound)
      }
    })
    // The bound is worst-case (Cauchy–Schwarz); real errors use a fraction of it.
    expect(worst).toBeGreaterThan(0)
    await session.release()
  })

  it('codes stay within [1, 127] (7-bit, exact on AVX2 u8×s8 kernels) and a zero query codes to zero', () => {
    const q = Float64Array.from({ length: 300 }, (_, u) => Math.sin(u) * 10 ** ((u % 7) - 3))
    const codes = new Uint8Array(600)
    quantiseQuery(q, 0, 300, codes)
    expect(Math.min(...codes)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...codes)).toBeLessThanOrEqual(127)
    const zero = quantiseQuery(new Float64Array(10), 0, 10, new Uint8Array(20))
    expect(zero).toMatchObject({ stepHi: 0, alpha: 0, beta: 0 })
    expect(quantiseQuery(Float64Array.of(1, Number.NaN), 0, 2, new Uint8Array(4))).toBeUndefined()
  })
})
