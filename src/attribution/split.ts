/**
 * Deterministic dataset splits driven by {@link createPrng}.
 */
import { createPrng } from './prng'

/**
 * A seeded Fisher–Yates permutation of `0..n-1`.
 *
 * @example
 * seededPermutation(5, 1) // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function seededPermutation(n: number, seed: number): Int32Array {
  const rng = createPrng(seed)
  const perm = new Int32Array(n)
  for (let i = 0; i < n; i++) perm[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = perm[i]
    perm[i] = perm[j]
    perm[j] = t
  }
  return perm
}

/**
 * Splits indices `0..n-1` into train and test sets, shuffled by `seed`; both lists come back sorted
 * so the training order does not leak the split order.
 *
 * @example
 * const { train, test } = splitTrainTest(6046, { testFraction: 0.2, seed: 1 })
 */
export function splitTrainTest(
  n: number,
  options: { testFraction: number; seed: number },
): { train: number[]; test: number[] } {
  const perm = seededPermutation(n, options.seed)
  const nTest = Math.round(n * options.testFraction)
  const test = Array.from(perm.subarray(0, nTest)).sort((a, b) => a - b)
  const train = Array.from(perm.subarray(nTest)).sort((a, b) => a - b)
  return { train, test }
}

/**
 * Picks `count` distinct indices out of `0..n-1`, deterministically.
 *
 * @example
 * const flipped = seededSample(4800, 240, 7)
 */
export function seededSample(n: number, count: number, seed: number): number[] {
  return Array.from(seededPermutation(n, seed).subarray(0, Math.min(count, n))).sort((a, b) => a - b)
}
