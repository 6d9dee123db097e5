import { compareContributionIds, weightsFromScores } from '../attribution/weightsPpm'
import type { AuditCheck } from './auditTypes'
import { compareWeights } from './compareWeights'
import { SCORE_TIE_TOLERANCE, withinScoreTolerance } from './scoreTolerance'

type Weight = { contributionId: string; weightPpm: number }

/** Outcome of {@link topKBoundaryTie}: the weights check of a settlement whose set differs. */
export type BoundaryTie = {
  check: AuditCheck
  /** Largest |settled − expected| weight, ppm (expected: the recomputation's, or the tie's). */
  maxDeviationPpm: number
  offendingContributionId?: string
}

/**
 * Judges a settlement whose top-k set differs from the recomputed one. Two honest engines can
 * disagree only where two exact scores are within {@link SCORE_TIE_TOLERANCE} of each other, so
 * the settlement passes only if it is the recomputation with one swap at the k-th place: as many
 * contributions, all but the recomputed k-th one paid, that one replaced by the contribution
 * ranked right after it, the two scores within the tolerance; and the weights exactly the ppm of
 * the settled set's exact scores (same rounding, `minWeightPpm` respected). Anything else (a
 * lower-ranked or unscored stand-in, several swaps, a dropped or added slot) fails, naming the
 * contribution.
 *
 * @param recomputed the recomputation, best first.
 * @param scores exact scores of (at least) every settled and recomputed contribution and the best
 *   ones left out.
 * @example
 * topKBoundaryTie(settled, recomputed.weights, exactScores, record.attributionPolicy.minWeightPpm).check.ok
 */
export function topKBoundaryTie(
  settled: readonly Weight[],
  recomputed: readonly Weight[],
  scores: ReadonlyMap<string, number>,
  minWeightPpm: number,
): BoundaryTie {
  const fail = (offender: string, detail: string, settledPpm = 0): BoundaryTie => ({
    check: { name: 'weights', ok: false, detail },
    maxDeviationPpm: Math.max(
      settledPpm,
      ...recomputed
        .filter((w) => !settled.some((s) => s.contributionId === w.contributionId))
        .map((w) => w.weightPpm),
    ),
    offendingContributionId: offender,
  })
  const paid = new Set(settled.map((w) => w.contributionId))
  const inR = new Set(recomputed.map((w) => w.contributionId))
  // Contract-rejected, but a record may come from anywhere: name it rather than mis-judge it.
  if (paid.size !== settled.length) return compareWeights(settled, recomputed)
  const extra = settled.filter((w) => !inR.has(w.contributionId)).sort((a, b) => b.weightPpm - a.weightPpm)
  const missing = recomputed.filter((w) => !paid.has(w.contributionId))
  if (settled.length !== recomputed.length) {
    const [offender, ppm] =
      extra.length > 0 ? [extra[0].contributionId, extra[0].weightPpm] : [missing[0].contributionId, 0]
    return fail(
      offender,
      `settles ${settled.length} contributions, the recomputation ${recomputed.length}; contribution ${offender} ${extra.length > 0 ? 'is not in the recomputed top-k' : 'of the recomputed top-k is left out'}`,
      ppm,
    )
  }
  if (extra.length > 1)
    return fail(
      extra[0].contributionId,
      `top-k set differs from the recomputation in ${extra.length} places (at most the k-th may tie): ${extra.map((w) => `contribution ${w.contributionId}`).join(', ')} not in it`,
      extra[0].weightPpm,
    )
  const [a] = extra
  const b = missing[0]
  const kth = recomputed[recomputed.length - 1]
  if (b.contributionId !== kth.contributionId)
    return fail(
      a.contributionId,
      `contribution ${a.contributionId} paid in place of ${b.contributionId}, which is not the recomputed k-th (only the k-th place may tie)`,
      a.weightPpm,
    )
  const sa = scores.get(a.contributionId)
  const sb = scores.get(b.contributionId) as number
  if (sa === undefined || !(sa > 0))
    return fail(
      a.contributionId,
      `contribution ${a.contributionId} has no positive recomputed score`,
      a.weightPpm,
    )
  // The stand-in must be ranked right after the k-th: the best of everything left out (ties to the smaller id).
  let next: string | undefined
  for (const [id, s] of scores) {
    if (inR.has(id) || !(s > 0)) continue
    const best = next === undefined ? undefined : (scores.get(next) as number)
    if (best === undefined || s > best || (s === best && compareContributionIds(id, next as string) < 0))
      next = id
  }
  if (next !== a.contributionId)
    return fail(
      a.contributionId,
      `contribution ${a.contributionId} paid at the k-th place is not ranked right after it (${next} is)`,
      a.weightPpm,
    )
  if (!withinScoreTolerance(sa, sb))
    return fail(
      a.contributionId,
      `contribution ${a.contributionId} paid in place of the k-th ${b.contributionId}: scores ${sa} and ${sb} differ by ${(Math.abs(sb - sa) / Math.max(sa, sb)).toExponential(2)}, more than the tie tolerance ${SCORE_TIE_TOLERANCE}`,
      a.weightPpm,
    )
  const ids = settled.map((w) => w.contributionId)
  const implied = weightsFromScores(
    ids.map((id) => scores.get(id) as number),
    ids,
    { topK: ids.length, minWeightPpm },
  )
  const weights = compareWeights(settled, implied)
  if (!weights.check.ok)
    return {
      ...weights,
      check: {
        name: 'weights',
        ok: false,
        detail: `top-k set ties the recomputation at the k-th place (${a.contributionId} for ${b.contributionId}), but ${weights.check.detail?.replace('the recomputation', 'the settled set’s exact scores')}`,
      },
    }
  return {
    check: {
      name: 'weights',
      ok: true,
      detail: `top-k set differs from the recomputation only at the k-th place (${a.contributionId} for ${b.contributionId}, scores ${(Math.abs(sb - sa) / Math.max(sa, sb)).toExponential(2)} apart, tolerance ${SCORE_TIE_TOLERANCE}); weights are exactly the ppm of the settled set's exact scores`,
    },
    maxDeviationPpm: 0,
  }
}
