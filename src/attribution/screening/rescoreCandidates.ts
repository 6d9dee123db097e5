/**
 * Exact rescoring of screened candidates, best upper bound first, stopping as soon as no remaining
 * candidate can reach the top-k: the screen's window is twice the error bound, this one's is about
 * once, so fewer candidates pay for the float64 rescoring.
 */

/**
 * Rescores `index[x]` with `exact` in decreasing order of `upper[x]` (each an upper bound of its
 * exact score) and stops when the next upper bound is below the k-th best exact score so far: then
 * k rescored entries beat every remaining one strictly. Returns the rescored entries (any order)
 * with their exact scores; the top-k of these is the top-k of all candidates, ties included.
 *
 * @example
 * rescoreCandidates(Int32Array.of(4, 9), Float64Array.of(0.5, 0.2), 1, (c) => (c === 4 ? 0.45 : 0.1))
 * // { index: [4], scores: [0.45] }: 9 cannot exceed 0.2 < 0.45
 */
export function rescoreCandidates(
  index: Int32Array,
  upper: Float64Array,
  k: number,
  exact: (c: number) => number,
): { index: number[]; scores: number[] } {
  const order = Array.from(index.keys()).sort((x, y) => upper[y] - upper[x])
  const kept: number[] = []
  const scores: number[] = []
  // The k best exact scores so far, descending; NaN never enters (and is never selected later).
  const best: number[] = []
  for (const x of order) {
    if (best.length === k && upper[x] < best[k - 1]) break
    const s = exact(index[x])
    kept.push(index[x])
    scores.push(s)
    if (!(s > (best.length === k ? best[k - 1] : Number.NEGATIVE_INFINITY))) continue
    let pos = best.length < k ? best.length : k - 1
    if (best.length < k) best.push(s)
    while (pos > 0 && s > best[pos - 1]) {
      best[pos] = best[pos - 1]
      pos--
    }
    best[pos] = s
  }
  return { index: kept, scores }
}
