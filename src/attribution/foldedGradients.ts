/**
 * The folded cosine-gradient vectors of the score pass, in float64: `q_b = concat_k eta_k (δ̂_bk V) ⊗ ĥ_bk`
 * for an inference and `G_i = concat_k (Δ̂_ik V) ⊗ Ĥ_ik` for a training example, so that the
 * cosine TracIn-CP score is `q_b · G_i` (see `onnx/buildScoreModel`). The float32 graph, the int8
 * screening codes and the exact rescoring of candidates are all derived from these same numbers.
 * eta_k sits on the query side so that every block of a training row has the same scale (for 2
 * classes each block is ±Ĥ_ik, a unit vector), which is what one int8 scale per row needs.
 */
import { AttributionInputError } from './errors'
import type { InferenceQuery } from './inferenceQuery'
import type { TrainingFeatures } from './trainingFeatures'

/**
 * Folded queries `[B, K·(C−1)·width]` row-major, eta_k included. A zero h or δ leaves its block zero (cosine 0).
 *
 * @throws {AttributionInputError} a query's checkpoint count or widths differ from the model's.
 * @example
 * const q = foldedQueries(queries, trainingFeatures, sumZeroBasis(2)) // Float64Array(B * 3 * 257)
 */
export function foldedQueries(
  queries: readonly InferenceQuery[],
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
): Float64Array {
  const { width: W, numClasses: C } = tf
  const K = tf.checkpoints.length
  const M = basis.length
  const stride = K * M * W
  const q = new Float64Array(queries.length * stride)
  queries.forEach((query, b) => {
    if (query.h.length !== K || query.delta.length !== K)
      throw new AttributionInputError(`query has ${query.h.length} checkpoints, model has ${K}`)
    for (let k = 0; k < K; k++) {
      const h = query.h[k]
      const d = query.delta[k]
      if (h.length !== W || d.length !== C)
        throw new AttributionInputError(`query widths ${h.length}/${d.length}, expected ${W}/${C}`)
      const hn = norm(h)
      const dn = norm(d)
      if (!(hn > 0 && dn > 0)) continue
      for (let m = 0; m < M; m++) {
        let proj = 0
        for (let c = 0; c < C; c++) proj += d[c] * basis[m][c]
        const a = (tf.checkpoints[k].learningRate * proj) / (dn * hn)
        const base = b * stride + (k * M + m) * W
        for (let u = 0; u < W; u++) q[base + u] = a * h[u]
      }
    }
  })
  return q
}

/**
 * Writes `G_i` of training example `i` into `out` (length K·(C−1)·width). A zero-norm row stays
 * zero (cosine 0).
 *
 * @example
 * const g = new Float64Array(3 * 257)
 * foldedTrainingRow(trainingFeatures, sumZeroBasis(2), 42, g)
 */
export function foldedTrainingRow(
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
  i: number,
  out: Float64Array,
): void {
  const { width: W, numClasses: C } = tf
  const M = basis.length
  out.fill(0)
  tf.checkpoints.forEach((ck, k) => {
    if (!(ck.hNorm[i] > 0 && ck.deltaNorm[i] > 0)) return
    for (let m = 0; m < M; m++) {
      let proj = 0
      for (let c = 0; c < C; c++) proj += ck.delta[i * C + c] * basis[m][c]
      const a = proj / (ck.deltaNorm[i] * ck.hNorm[i])
      const base = (k * M + m) * W
      for (let u = 0; u < W; u++) out[base + u] = a * ck.h[i * W + u]
    }
  })
}

/**
 * `q_b · G_i` in float64 straight from the training features, for the folded query starting at
 * `q[offset]`: per checkpoint block, a_ikm · (q block · h_ik), without materialising `G_i`.
 *
 * @example
 * const q = foldedQueries([query], tf, basis)
 * const score = foldedScore(tf, basis, q, 0, 42)
 */
export function foldedScore(
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
  q: Float64Array,
  offset: number,
  i: number,
): number {
  const { width: W, numClasses: C } = tf
  const M = basis.length
  let score = 0
  for (let k = 0; k < tf.checkpoints.length; k++) {
    const ck = tf.checkpoints[k]
    if (!(ck.hNorm[i] > 0 && ck.deltaNorm[i] > 0)) continue
    for (let m = 0; m < M; m++) {
      let proj = 0
      for (let c = 0; c < C; c++) proj += ck.delta[i * C + c] * basis[m][c]
      const a = proj / (ck.deltaNorm[i] * ck.hNorm[i])
      const base = offset + (k * M + m) * W
      // Four partial sums: a single chain waits on every add's latency (this is the rescoring hot loop).
      const h = ck.h
      const row = i * W
      let d0 = 0
      let d1 = 0
      let d2 = 0
      let d3 = 0
      let u = 0
      for (; u + 3 < W; u += 4) {
        d0 += q[base + u] * h[row + u]
        d1 += q[base + u + 1] * h[row + u + 1]
        d2 += q[base + u + 2] * h[row + u + 2]
        d3 += q[base + u + 3] * h[row + u + 3]
      }
      for (; u < W; u++) d0 += q[base + u] * h[row + u]
      score += a * (d0 + d1 + (d2 + d3))
    }
  }
  return score
}

function norm(v: ArrayLike<number>): number {
  let s = 0
  for (let u = 0; u < v.length; u++) s += v[u] * v[u]
  return Math.sqrt(s)
}
