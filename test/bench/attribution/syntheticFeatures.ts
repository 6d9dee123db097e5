/**
 * Synthetic training features with the shapes of a real model version (random h, 2-class deltas):
 * the score pass's cost depends only on shapes, not values.
 */

import type { InferenceQuery } from '../../../src/attribution/inferenceQuery'
import { createPrng } from '../../../src/attribution/prng'
import { rowNorms, type TrainingFeatures } from '../../../src/attribution/trainingFeatures'

/**
 * Random `TrainingFeatures` (width 257, 2 classes, K checkpoints).
 *
 * @example
 * const tf = syntheticFeatures(100_000, 3, 1)
 */
export function syntheticFeatures(n: number, K: number, seed: number, width = 257): TrainingFeatures {
  const rng = createPrng(seed)
  return {
    n,
    width,
    numClasses: 2,
    checkpoints: Array.from({ length: K }, (_, k) => {
      const h = new Float32Array(n * width)
      for (let i = 0; i < h.length; i++) h[i] = (i + 1) % width === 0 ? 1 : Math.tanh(2 * rng.next() - 1)
      const delta = new Float32Array(n * 2)
      for (let i = 0; i < n; i++) {
        const a = 2 * rng.next() - 1
        delta[2 * i] = a
        delta[2 * i + 1] = -a
      }
      return {
        learningRate: 0.05 * 0.7 ** k,
        h,
        delta,
        hNorm: rowNorms(h, n, width),
        deltaNorm: rowNorms(delta, n, 2),
      }
    }),
  }
}

/**
 * Random inference queries matching {@link syntheticFeatures}.
 *
 * @example
 * const queries = syntheticQueries(64, 3, 2)
 */
export function syntheticQueries(count: number, K: number, seed: number, width = 257): InferenceQuery[] {
  const rng = createPrng(seed)
  return Array.from({ length: count }, () => ({
    label: 1,
    h: Array.from({ length: K }, () =>
      Float32Array.from({ length: width }, (_, u) => (u === width - 1 ? 1 : 2 * rng.next() - 1)),
    ),
    delta: Array.from({ length: K }, () => {
      const a = rng.next()
      return Float32Array.of(a, -a)
    }),
  }))
}
