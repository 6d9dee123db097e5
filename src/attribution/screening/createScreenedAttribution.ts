/**
 * Attribution on CPU by int8 screening and exact rescoring: the int8 graph gives every training
 * row an exact integer product, hence an approximate score with a rigorous error bound; only the
 * contributions whose bounds reach into the top-k are rescored in float64 from the training
 * features. The weights are those of the exact scores; the screen only decides what to rescore.
 */
import * as ort from 'onnxruntime-node'
import { NoPositiveAttributionError } from '../errors'
import { foldedQueries, foldedScore } from '../foldedGradients'
import type { InferenceQuery } from '../inferenceQuery'
import type { TrainingFeatures } from '../trainingFeatures'
import { assertTopK, type ContributionWeight, type WeightOptions, weightsFromScores } from '../weightsPpm'
import { candidatesByBound } from './candidatesByBound'
import { quantiseQuery } from './quantiseQuery'
import type { QuantisedRows } from './quantiseTrainingRows'
import { rescoreCandidates } from './rescoreCandidates'
import { type QueryTerms, screenShard } from './screenShard'

/** Rows `[start, end)` in graph order, their screening session and bound terms. */
export type ScreeningShard = {
  start: number
  end: number
  session: ort.InferenceSession
  rows: QuantisedRows
}

/**
 * Returns the CPU `attributeBatch`: rows of the graph are grouped by contribution, contribution c
 * owning graph rows `[rowStart[c], rowStart[c + 1])`, graph row j being training example `order[j]`.
 *
 * @example
 * const attributeBatch = createScreenedAttribution({ tf, basis, order, rowStart, contributionOfRow, ids, shards, maxBatch: 256 })
 * const [first] = await attributeBatch(queries, { topK: 10 })
 */
export function createScreenedAttribution(spec: {
  tf: TrainingFeatures
  basis: readonly Float64Array[]
  order: Int32Array
  rowStart: Int32Array
  contributionOfRow: Int32Array
  ids: readonly string[]
  shards: readonly ScreeningShard[]
  maxBatch: number
}): (
  queries: readonly InferenceQuery[],
  options: WeightOptions,
) => Promise<({ label: number; weights: ContributionWeight[] } | NoPositiveAttributionError)[]> {
  const { tf, basis, order, rowStart, contributionOfRow, ids, shards, maxBatch } = spec
  const FW = tf.checkpoints.length * basis.length * tf.width
  const identity = ids.length === tf.n
  // Per-contribution sums, only when contributions have several examples (else rows are screened in place).
  const approx = new Float64Array(identity ? 0 : ids.length)
  const eps = new Float64Array(identity ? 0 : ids.length)

  return async (queries, options) => {
    assertTopK(options.topK)
    const results: ({ label: number; weights: ContributionWeight[] } | NoPositiveAttributionError)[] = []
    for (let q0 = 0; q0 < queries.length; q0 += maxBatch) {
      const chunk = queries.slice(q0, q0 + maxBatch)
      const B = chunk.length
      const q = foldedQueries(chunk, tf, basis)
      // Rows 2b and 2b+1 hold query b's high and low codes: one pass over the int8 rows either way.
      const codes = new Uint8Array(2 * B * FW)
      const terms = Array.from({ length: B }, (_, b) => quantiseQuery(q, b * FW, FW, codes))
      const accs: Int32Array[] = []
      for (const shard of shards) {
        const out = await shard.session.run({ q: new ort.Tensor('uint8', codes, [2 * B, FW]) })
        accs.push(out.acc.data as Int32Array)
      }
      for (let b = 0; b < B; b++) {
        const t = terms[b]
        if (!t) {
          // A non-finite query scores NaN everywhere, and NaN is never selected.
          results.push(new NoPositiveAttributionError())
          continue
        }
        let screened: { index: Int32Array; upper: Float64Array }
        if (identity) screened = screenShard(shards, accs, b, t, options.topK)
        else {
          approx.fill(0)
          eps.fill(0)
          for (let s = 0; s < shards.length; s++)
            accumulateBounds(shards[s], accs[s], b, t, contributionOfRow, approx, eps)
          const index = candidatesByBound(approx, eps, options.topK)
          screened = { index, upper: Float64Array.from(index, (c) => approx[c] + eps[c]) }
        }
        const { index, scores } = rescoreCandidates(screened.index, screened.upper, options.topK, (c) => {
          let score = 0
          for (let j = rowStart[c]; j < rowStart[c + 1]; j++)
            score += foldedScore(tf, basis, q, b * FW, order[j])
          return score
        })
        try {
          const candidateIds = index.map((c) => ids[c])
          results.push({ label: chunk[b].label, weights: weightsFromScores(scores, candidateIds, options) })
        } catch (err) {
          if (!(err instanceof NoPositiveAttributionError)) throw err
          results.push(err)
        }
      }
    }
    return results
  }
}

/** Adds query b's approximate scores and bounds of one shard's rows into per-contribution sums. */
function accumulateBounds(
  shard: ScreeningShard,
  acc: Int32Array,
  b: number,
  t: QueryTerms,
  contributionOfRow: Int32Array,
  approx: Float64Array,
  eps: Float64Array,
): void {
  const { scale, norm, err } = shard.rows
  const { stepHi, stepLo, alpha, beta } = t
  const rows = shard.end - shard.start
  const hi = 2 * b * rows
  const lo = hi + rows
  for (let j = 0; j < rows; j++) {
    const c = contributionOfRow[shard.start + j]
    approx[c] += scale[j] * (stepHi * acc[hi + j] + stepLo * acc[lo + j])
    eps[c] += alpha * norm[j] + beta * err[j]
  }
}
