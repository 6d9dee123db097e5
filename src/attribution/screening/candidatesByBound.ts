/**
 * The step that makes int8 screening exact: from approximate scores and per-score error bounds,
 * the few contributions that can still be in the exact top-k.
 */

/**
 * Indices (ascending) of every entry that may be among the `k` largest strictly positive exact
 * scores, given `|exact[c] − approx[c]| ≤ eps[c]`. Let L be the smallest lower bound
 * `approx − eps` among the k entries of largest `approx`: those k entries are exactly ≥ L, so an
 * entry whose upper bound `approx + eps` is below L (or ≤ 0) is beaten k times and is out, ties
 * included. Entries with a NaN bound are never returned.
 *
 * @example
 * candidatesByBound(Float64Array.of(0.9, 0.1, 0.5, -1), Float64Array.of(0.05, 0.05, 0.05, 0.05), 1) // Int32Array [0]
 */
export function candidatesByBound(approx: Float64Array, eps: Float64Array, k: number): Int32Array {
  const n = approx.length
  const kk = Math.min(k, n)
  if (kk === 0) return new Int32Array(0)
  // Indices of the kk largest approx so far, descending; an entry with a NaN bound never enters.
  const top = new Int32Array(kk)
  let filled = 0
  let floor = Number.NEGATIVE_INFINITY
  for (let c = 0; c < n; c++) {
    const a = approx[c]
    if (Number.isNaN(a) || !(eps[c] >= 0) || (filled === kk && !(a > floor))) continue
    let pos = filled < kk ? filled++ : kk - 1
    while (pos > 0 && a > approx[top[pos - 1]]) {
      top[pos] = top[pos - 1]
      pos--
    }
    top[pos] = c
    if (filled === kk) floor = approx[top[kk - 1]]
  }
  let threshold = Number.NEGATIVE_INFINITY
  if (filled === kk) {
    threshold = Number.POSITIVE_INFINITY
    for (let t = 0; t < kk; t++) threshold = Math.min(threshold, approx[top[t]] - eps[top[t]])
  }
  let count = 0
  let out = new Int32Array(Math.min(n, 64))
  for (let c = 0; c < n; c++) {
    const upper = approx[c] + eps[c]
    if (!(upper > 0 && upper >= threshold)) continue
    if (count === out.length) {
      const grown = new Int32Array(Math.min(n, out.length * 4))
      grown.set(out)
      out = grown
    }
    out[count++] = c
  }
  return out.subarray(0, count)
}
