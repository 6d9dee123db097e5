import { PPM } from '../attribution/weightsPpm'

type Weight = { contributionId: string; weightPpm: number }

/** Outcome of {@link topKBoundaryTie}. */
export type BoundaryTie = {
  /** The settled set is a top-k of the recomputed scores up to tolerance, with matching weights. */
  ok: boolean
  /** Largest |settled − implied| weight, ppm of the settled set's recomputed score sum. */
  maxDeviationPpm: number
  /** Best excluded score minus the worst settled one, in the same ppm; ≤ 0 when nothing better was left out. */
  boundaryGapPpm: number
}

/**
 * Judges a settlement whose top-k set differs from the recomputed one. Near-identical training
 * mails score within float noise of each other, so the k-th place can go either way between two
 * honest machines. The settled set is accepted when no left-out contribution outscores a settled
 * one by more than the tolerance and the settled weights match the recomputed scores renormalised
 * over the settled set. A swapped-in accomplice or a stranger (no recomputed score) fails both.
 *
 * @param scores recomputed score per contribution, aligned with `ids`.
 * @example
 * topKBoundaryTie(record.rewards, scores, scorer.contributionIds, 500).ok
 */
export function topKBoundaryTie(
  settled: readonly Weight[],
  scores: ArrayLike<number>,
  ids: readonly string[],
  tolerancePpm: number,
): BoundaryTie {
  const fail = {
    ok: false,
    maxDeviationPpm: Number.POSITIVE_INFINITY,
    boundaryGapPpm: Number.POSITIVE_INFINITY,
  }
  const settledIds = new Set(settled.map((w) => w.contributionId))
  const scoreOf = new Map<string, number>()
  let bestExcluded = 0
  for (let i = 0; i < ids.length; i++) {
    if (settledIds.has(ids[i])) scoreOf.set(ids[i], scores[i])
    else if (scores[i] > bestExcluded) bestExcluded = scores[i]
  }
  if (settled.length === 0 || scoreOf.size !== settledIds.size) return fail
  let sum = 0
  let worstSettled = Number.POSITIVE_INFINITY
  for (const s of scoreOf.values()) {
    if (!(s > 0)) return fail
    sum += s
    worstSettled = Math.min(worstSettled, s)
  }
  let maxDeviationPpm = 0
  for (const w of settled) {
    const implied = ((scoreOf.get(w.contributionId) as number) / sum) * PPM
    maxDeviationPpm = Math.max(maxDeviationPpm, Math.abs(w.weightPpm - implied))
  }
  const boundaryGapPpm = ((bestExcluded - worstSettled) / sum) * PPM
  return {
    ok: maxDeviationPpm <= tolerancePpm && boundaryGapPpm <= tolerancePpm,
    maxDeviationPpm: Math.ceil(maxDeviationPpm),
    boundaryGapPpm,
  }
}
