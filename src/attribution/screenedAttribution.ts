/**
 * Attribution on CPU by int8 screening and exact rescoring: the int8 graph gives every training
 * row an exact integer product, hence an approximate score with a rigorous error bound; only the
 * contributions whose bounds reach into the top-k are rescored in float64 from the training
 * features. The weights are those of the exact scores; the screen only decides what to rescore.
 */
import * as ort from 'onnxruntime-node'
import { NoPositiveAttributionError } from './errors'
import { foldedQueries, foldedScore } from './foldedGradients'
import type { InferenceQuery } from './inferenceQuery'
import { QUERY_LEVELS, QUERY_ZERO_POINT } from './onnx/buildScreeningModel'
import { screenCandidates } from './screenCandidates'
import type { ScreeningRows } from './screeningRows'
import { type QueryTerms, screenRows } from './screenRows'
import type { TrainingFeatures } from './trainingFeatures'
import { assertTopK, type ContributionWeight, type WeightOptions, weightsFromScores } from './weightsPpm'

/** Rows `[start, end)` in graph order, their screening session and bound terms. */
export type ScreeningShard = {
  start: number
  end: number
  session: ort.InferenceSession
  rows: ScreeningRows
}

/**
 * Relative slack added to every bound, far above the float64 rounding of the approximate score,
 * the bound terms and the rescoring dot product (~1e-13 relative at width 771).
 */
const FLOAT64_SLACK = 1e-10

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
        let candidates: Int32Array
        if (identity) candidates = screenRows(shards, accs, b, t, options.topK)
        else {
          approx.fill(0)
          eps.fill(0)
          for (let s = 0; s < shards.length; s++)
            accumulateBounds(shards[s], accs[s], b, t, contributionOfRow, approx, eps)
          candidates = screenCandidates(approx, eps, options.topK)
        }
        const scores = Array.from(candidates, (c) => {
          let score = 0
          for (let j = rowStart[c]; j < rowStart[c + 1]; j++)
            score += foldedScore(tf, basis, q, b * FW, order[j])
          return score
        })
        try {
          const candidateIds = Array.from(candidates, (c) => ids[c])
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

/**
 * Writes the two offset code rows of query `q[offset..offset+FW)` (at `2·offset` and `2·offset+FW`
 * in `codes`) and returns its bound terms. The query is coded as q̃ = stepHi·hi + stepLo·lo with
 * stepLo = stepHi/126, so |q − q̃| is ~1/8000 of |q|: the bound is then mostly the row side.
 * approx_j = scale_j·(stepHi·acc_hi + stepLo·acc_lo) and, from q·G − q̃·G̃ = (q − q̃)·G + q̃·(G − G̃)
 * and Cauchy–Schwarz, |q·G_j − approx_j| ≤ alpha·|G_j| + beta·err_j. Undefined for a non-finite query.
 */
function quantiseQuery(
  q: Float64Array,
  offset: number,
  FW: number,
  codes: Uint8Array,
): QueryTerms | undefined {
  let max = 0
  let sq = 0
  for (let u = 0; u < FW; u++) {
    max = Math.max(max, Math.abs(q[offset + u]))
    sq += q[offset + u] * q[offset + u]
  }
  if (!Number.isFinite(sq)) return undefined
  const stepHi = max / QUERY_LEVELS
  // The high code's remainder is within ±stepHi/2 = ±63·stepLo, so the low code fits the same range.
  const stepLo = stepHi / (2 * QUERY_LEVELS)
  let errSq = 0
  let codedSq = 0
  for (let u = 0; u < FW; u++) {
    const v = q[offset + u]
    const hi = stepHi > 0 ? Math.round(v / stepHi) : 0
    const lo = stepLo > 0 ? Math.round((v - stepHi * hi) / stepLo) : 0
    codes[2 * offset + u] = hi + QUERY_ZERO_POINT
    codes[2 * offset + FW + u] = lo + QUERY_ZERO_POINT
    const coded = stepHi * hi + stepLo * lo
    errSq += (v - coded) ** 2
    codedSq += coded * coded
  }
  return {
    stepHi,
    stepLo,
    alpha: Math.sqrt(errSq) + FLOAT64_SLACK * Math.sqrt(sq),
    beta: Math.sqrt(codedSq),
  }
}
