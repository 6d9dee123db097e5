/**
 * The screen of `candidatesByBound` fused with the computation of the approximate scores, for the
 * common case of one example per contribution: one pass over the int8 graph's output instead of
 * writing and re-reading two score arrays, with most rows rejected by a single comparison.
 */
import type { QuantisedRows } from './quantiseTrainingRows'

/** One shard's rows `[start, end)` (global row indices) and their bound terms. */
export type ScreenedShard = { start: number; end: number; rows: QuantisedRows }
/** A query's decoding terms: approx_j = scale_j·(stepHi·hi_j + stepLo·lo_j), bound alpha·norm_j + beta·err_j. */
export type QueryTerms = { stepHi: number; stepLo: number; alpha: number; beta: number }

/**
 * Global indices (ascending), with their upper bounds, of every row that may be among the `k`
 * largest strictly positive exact scores, from query b's high/low integer products `accs[s]` (`[2B, rows]`, rows 2b and 2b+1)
 * of each shard. Same guarantee as `candidatesByBound`; here the threshold L is maintained while
 * scanning as the smallest lower bound among the k largest approx seen so far. Every such L is at
 * most the final k-th largest lower bound, so a row rejected against it is rejected for good, and
 * the collected rows are filtered once more against the final L.
 *
 * @example
 * const { index, upper } = screenShard(shards, accs, 0, terms, 10) // rows to rescore, their upper bounds
 */
export function screenShard(
  shards: readonly ScreenedShard[],
  accs: readonly Int32Array[],
  b: number,
  t: QueryTerms,
  k: number,
): { index: Int32Array; upper: Float64Array } {
  const { stepHi, stepLo, alpha, beta } = t
  const total = shards.reduce((a, s) => a + s.end - s.start, 0)
  const kk = Math.min(k, total)
  if (kk === 0) return { index: new Int32Array(0), upper: new Float64Array(0) }
  // The kk largest approx so far, descending, with their lower bounds.
  const topApprox = new Float64Array(kk)
  const topLower = new Float64Array(kk)
  let filled = 0
  let floor = Number.NEGATIVE_INFINITY
  let threshold = Number.NEGATIVE_INFINITY
  let found = new Int32Array(64)
  let foundUpper = new Float64Array(64)
  let count = 0
  for (let s = 0; s < shards.length; s++) {
    const { start, end, rows } = shards[s]
    const { scale, norm, err } = rows
    const n = end - start
    const acc = accs[s]
    const hi = 2 * b * n
    const lo = hi + n
    const maxEps = alpha * rows.maxNorm + beta * rows.maxErr
    for (let j = 0; j < n; j++) {
      const a = scale[j] * (stepHi * acc[hi + j] + stepLo * acc[lo + j])
      if (a <= floor && a + maxEps < threshold) continue
      const e = alpha * norm[j] + beta * err[j]
      // A row with non-finite features has a NaN bound: never in the top, never a candidate.
      if (!(e >= 0)) continue
      const upper = a + e
      if (filled < kk || a > floor) {
        let pos = filled < kk ? filled++ : kk - 1
        while (pos > 0 && a > topApprox[pos - 1]) {
          topApprox[pos] = topApprox[pos - 1]
          topLower[pos] = topLower[pos - 1]
          pos--
        }
        topApprox[pos] = a
        topLower[pos] = a - e
        if (filled === kk) {
          floor = topApprox[kk - 1]
          threshold = Number.POSITIVE_INFINITY
          for (let x = 0; x < kk; x++) threshold = Math.min(threshold, topLower[x])
        }
      }
      if (!(upper > 0 && upper >= threshold)) continue
      if (count === found.length) {
        found = grow(found, new Int32Array(count * 4))
        foundUpper = grow(foundUpper, new Float64Array(count * 4))
      }
      found[count] = start + j
      foundUpper[count++] = upper
    }
  }
  let kept = 0
  for (let x = 0; x < count; x++)
    if (foundUpper[x] >= threshold) {
      found[kept] = found[x]
      foundUpper[kept++] = foundUpper[x]
    }
  return { index: found.subarray(0, kept), upper: foundUpper.subarray(0, kept) }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from)
  return to
}
