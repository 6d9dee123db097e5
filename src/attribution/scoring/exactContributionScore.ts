import { foldedScore } from '../foldedGradients'
import type { TrainingFeatures } from '../trainingFeatures'
import type { ContributionLayout } from './contributionLayout'

/**
 * Exact float64 score of contribution `c` for the folded query at `q[offset]`: the documented
 * formula ({@link foldedScore}) summed over the contribution's examples. Weights come only from
 * these, whatever graph nominated the contribution, so oracle and auditor agree bit for bit.
 *
 * @example
 * const q = foldedQueries(queries, tf, basis)
 * const score = exactContributionScore(tf, basis, layout, q, b * foldedWidth, c)
 */
export function exactContributionScore(
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
  layout: Pick<ContributionLayout, 'order' | 'rowStart'>,
  q: Float64Array,
  offset: number,
  c: number,
): number {
  let score = 0
  for (let j = layout.rowStart[c]; j < layout.rowStart[c + 1]; j++)
    score += foldedScore(tf, basis, q, offset, layout.order[j])
  return score
}
