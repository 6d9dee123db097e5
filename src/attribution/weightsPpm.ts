/**
 * From per-contribution scores to payout weights: positive part, top-k, parts per million that sum
 * to exactly 1,000,000 (largest remainder). Every tie is broken by contribution id so two honest
 * parties (oracle and auditor) get the same integers from the same scores.
 */
import { AttributionInputError, NoPositiveAttributionError } from './errors'

/** Total of a weight vector. */
export const PPM = 1_000_000

/** One recipient of an attribution. */
export type ContributionWeight = {
  contributionId: string
  /** Share of the payout in parts per million; all weights of an attribution sum to {@link PPM}. */
  weightPpm: number
  /** The raw (aggregated, cosine TracIn-CP) score the weight came from. */
  score: number
}

/** Options of {@link weightsFromScores}. */
export type WeightOptions = {
  /** Keep at most this many contributions (≥ 1; more than there are is fine). */
  topK: number
  /** Drop contributions that would get less than this, then renormalise the rest. @default 0 */
  minWeightPpm?: number
}

/**
 * Total order on contribution ids: shorter first, then lexicographic. For decimal integers without
 * leading zeros this is numeric order; for fixed-width hex (bytes32) it is plain lexicographic.
 *
 * @example
 * ['10', '9', '100'].sort(compareContributionIds) // ['9', '10', '100']
 */
export function compareContributionIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Checks a top-k option the way {@link selectTopK} does, for callers that select without it.
 *
 * @throws {AttributionInputError} `k` is not a positive integer.
 * @example
 * assertTopK(10) // ok; assertTopK(0) throws
 */
export function assertTopK(k: number): void {
  if (!Number.isInteger(k) || k < 1)
    throw new AttributionInputError(`topK must be a positive integer, got ${k}`)
}

/**
 * Indices of the `k` largest strictly positive scores, best first; equal scores go to the smaller
 * id. NaN and non-positive scores are never selected.
 *
 * @example
 * selectTopK([0.1, 0.5, -1, 0.5], ['a', 'b', 'c', 'd'], 2) // [1, 3]
 */
export function selectTopK(scores: ArrayLike<number>, ids: readonly string[], k: number): number[] {
  assertTopK(k)
  const best: number[] = []
  const better = (i: number, j: number): boolean =>
    scores[i] > scores[j] || (scores[i] === scores[j] && compareContributionIds(ids[i], ids[j]) < 0)
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]
    if (!(s > 0)) continue
    if (best.length === k && !better(i, best[k - 1])) continue
    let pos = best.length < k ? best.length : k - 1
    if (best.length < k) best.push(i)
    while (pos > 0 && better(i, best[pos - 1])) {
      best[pos] = best[pos - 1]
      pos--
    }
    best[pos] = i
  }
  return best
}

/**
 * Integer ppm shares proportional to `scores` (all > 0) summing to exactly {@link PPM}: floors of
 * the exact quotas, the leftover ppm to the largest remainders, ties to the smaller id.
 *
 * @throws {AttributionInputError} a score is not finite and > 0.
 * @example
 * largestRemainderPpm([1, 1, 1], ['a', 'b', 'c']) // [333334, 333333, 333333]
 */
export function largestRemainderPpm(scores: readonly number[], ids: readonly string[]): number[] {
  // A NaN or non-positive score would keep the leftover loop below from ever settling.
  if (!scores.every((s) => s > 0 && s < Number.POSITIVE_INFINITY))
    throw new AttributionInputError('largestRemainderPpm needs finite scores > 0')
  const total = scores.reduce((a, b) => a + b, 0)
  const quotas = scores.map((s) => (s / total) * PPM)
  const ppm = quotas.map(Math.floor)
  let left = PPM - ppm.reduce((a, b) => a + b, 0)
  const order = scores
    .map((_, j) => j)
    .sort((a, b) => quotas[b] - ppm[b] - (quotas[a] - ppm[a]) || compareContributionIds(ids[a], ids[b]))
  // `left` is in [0, n) mathematically; the loop also absorbs float rounding either way.
  for (let j = 0; left !== 0; j = (j + 1) % order.length) {
    const step = left > 0 ? 1 : -1
    if (step < 0 && ppm[order[order.length - 1 - j]] === 0) continue
    ppm[step > 0 ? order[j] : order[order.length - 1 - j]] += step
    left -= step
  }
  return ppm
}

/**
 * Full weighting rule: positive scores only, top-k, ppm by largest remainder, drop below
 * `minWeightPpm` and renormalise until none is below. Result sorted by score, best first.
 *
 * @throws {NoPositiveAttributionError} no score is > 0.
 * @throws {AttributionInputError} bad topK or minWeightPpm, or ids/scores length mismatch.
 * @example
 * weightsFromScores([0.9, 0.3, -0.2], ['7', '8', '9'], { topK: 2 })
 * // [{ contributionId: '7', weightPpm: 750000, score: 0.9 }, { contributionId: '8', weightPpm: 250000, score: 0.3 }]
 */
export function weightsFromScores(
  scores: ArrayLike<number>,
  ids: readonly string[],
  options: WeightOptions,
): ContributionWeight[] {
  if (scores.length !== ids.length) throw new AttributionInputError('scores and ids differ in length')
  const minWeightPpm = options.minWeightPpm ?? 0
  if (!(minWeightPpm >= 0 && minWeightPpm <= PPM))
    throw new AttributionInputError(`minWeightPpm must be within [0, ${PPM}], got ${minWeightPpm}`)
  let picked = selectTopK(scores, ids, options.topK)
  if (picked.length === 0) throw new NoPositiveAttributionError()
  for (;;) {
    const ppm = largestRemainderPpm(
      picked.map((i) => scores[i]),
      picked.map((i) => ids[i]),
    )
    const kept = picked.filter((_, j) => ppm[j] >= minWeightPpm)
    // The best entry alone gets 1,000,000 ≥ minWeightPpm, so this terminates with kept non-empty.
    if (kept.length === picked.length)
      return picked.map((i, j) => ({ contributionId: ids[i], weightPpm: ppm[j], score: scores[i] }))
    picked = kept.length > 0 ? kept : picked.slice(0, 1)
  }
}
