import { NoPositiveAttributionError } from '../errors'
import { foldedQueries } from '../foldedGradients'
import type { InferenceQuery } from '../inferenceQuery'
import type { TrainingFeatures } from '../trainingFeatures'
import {
  assertTopK,
  type ContributionWeight,
  selectTopK,
  type WeightOptions,
  weightsFromScores,
} from '../weightsPpm'
import type { ContributionLayout } from './contributionLayout'
import { exactContributionScore } from './exactContributionScore'

/**
 * Rows (or contributions) beyond the k-th that the float32 graph hands to the exact rescoring. The
 * graph only nominates candidates: a row it ranks below k + this many would need a float32 error
 * larger than the score gap across those ranks to belong in the exact top-k (errors measured on
 * the spam corpus are ~1e-7 of a score, see src/audit/README.md).
 */
export const EXACT_CANDIDATES_BEYOND_K = 8

/**
 * Weights per query on the float32 path (CUDA, or CPU without screening): the graph nominates the
 * k + {@link EXACT_CANDIDATES_BEYOND_K} best rows (its TopK; equal scores go to the lower row = the
 * smaller contribution id), those are rescored exactly in float64 and the weights come from the
 * exact scores only, as on the int8 path. A NaN among them (non-finite features), or several
 * examples per contribution, takes the full-vector path, which nominates the best contribution
 * sums instead.
 *
 * @example
 * const results = await attributeByFloatGraph(queries, { topK: 10 }, {
 *   tf, basis, layout, topRows: (qs, k) => topRowsOfShards(shards, qs, k, graph), contributionScores,
 * })
 */
export async function attributeByFloatGraph(
  queries: readonly InferenceQuery[],
  weightOptions: WeightOptions,
  graph: {
    tf: TrainingFeatures
    basis: readonly Float64Array[]
    layout: ContributionLayout
    topRows: (
      queries: readonly InferenceQuery[],
      k: number,
    ) => Promise<{ rows: number[]; scores: number[] }[]>
    contributionScores: (queries: readonly InferenceQuery[]) => Promise<Float64Array[]>
  },
): Promise<({ label: number; weights: ContributionWeight[] } | NoPositiveAttributionError)[]> {
  const { tf, basis, layout } = graph
  const { ids, contributionOfRow } = layout
  const foldedWidth = tf.checkpoints.length * basis.length * tf.width
  assertTopK(weightOptions.topK)
  const depth = weightOptions.topK + EXACT_CANDIDATES_BEYOND_K
  const q = foldedQueries(queries, tf, basis)
  const weigh = (b: number, candidates: readonly number[]) => {
    const scores = candidates.map((c) => exactContributionScore(tf, basis, layout, q, b * foldedWidth, c))
    try {
      return {
        label: queries[b].label,
        weights: weightsFromScores(
          scores,
          candidates.map((c) => ids[c]),
          weightOptions,
        ),
      }
    } catch (err) {
      if (err instanceof NoPositiveAttributionError) return err
      throw err
    }
  }
  const results: ({ label: number; weights: ContributionWeight[] } | NoPositiveAttributionError)[] =
    new Array(queries.length)
  let full = queries.map((_, b) => b)
  if (layout.identity) {
    const tops = await graph.topRows(queries, depth)
    full = []
    tops.forEach(({ rows, scores }, b) => {
      if (scores.some(Number.isNaN)) full.push(b)
      else
        results[b] = weigh(
          b,
          rows.map((j) => contributionOfRow[j]),
        )
    })
  }
  if (full.length > 0) {
    const all = await graph.contributionScores(full.map((b) => queries[b]))
    full.forEach((b, x) => {
      const candidates = selectTopK(all[x], ids, depth)
      results[b] = candidates.length > 0 ? weigh(b, candidates) : new NoPositiveAttributionError()
    })
  }
  return results
}
