/**
 * Int8 codes of the training side for the screening graph, with the per-row numbers that bound
 * how far a screened score can be from the exact one.
 */
import { foldedTrainingRow } from '../foldedGradients'
import { ROW_LEVELS } from '../onnx/buildScreeningModel'
import type { TrainingFeatures } from '../trainingFeatures'

/** Codes and bound terms of a block of training rows (graph row order). */
export type QuantisedRows = {
  /** Codes transposed, row-major `[foldedWidth, rows]`: `G_j ≈ scale[j] · codes of column j`. */
  gT: Int8Array
  /** Per row: the code step (max |G_j| / 127; 0 for a zero row). */
  scale: Float64Array
  /** Per row: |G_j|₂. NaN for a row with non-finite features, which then never screens in. */
  norm: Float64Array
  /** Per row: |G_j − scale[j] · codes_j|₂, the quantisation error. */
  err: Float64Array
  /** Largest finite `norm` and largest `err`: a bound on every row's error bound, to skip rows fast. */
  maxNorm: number
  maxErr: number
}

/**
 * Quantises `G` of training rows `order[start..end)` to int8 with one scale per row (symmetric,
 * round to nearest), keeping the exact float64 norms of each row and of its rounding error.
 *
 * @example
 * const rows = quantiseTrainingRows(trainingFeatures, sumZeroBasis(2), order, 0, n)
 */
export function quantiseTrainingRows(
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
  order: Int32Array,
  start: number,
  end: number,
): QuantisedRows {
  const rows = end - start
  const FW = tf.checkpoints.length * basis.length * tf.width
  const gT = new Int8Array(FW * rows)
  const scale = new Float64Array(rows)
  const norm = new Float64Array(rows)
  const err = new Float64Array(rows)
  const g = new Float64Array(FW)
  // A local, not the imported binding: under a CommonJS transform each use would be a getter call.
  const levels = ROW_LEVELS
  for (let j = 0; j < rows; j++) {
    foldedTrainingRow(tf, basis, order[start + j], g)
    let max = 0
    let sq = 0
    for (let u = 0; u < FW; u++) {
      max = Math.max(max, Math.abs(g[u]))
      sq += g[u] * g[u]
    }
    if (!Number.isFinite(sq)) {
      norm[j] = Number.NaN
      continue
    }
    norm[j] = Math.sqrt(sq)
    const step = max / levels
    const inv = 1 / step
    if (!(inv < Number.POSITIVE_INFINITY)) {
      // Zero (or too small to invert): all codes 0, the whole row is error.
      err[j] = norm[j]
      continue
    }
    let e = 0
    for (let u = 0; u < FW; u++) {
      // floor(x + 0.5): Math.round is 3x slower in V8, and any rounding gives a valid bound.
      const code = Math.min(levels, Math.max(-levels, Math.floor(g[u] * inv + 0.5)))
      gT[u * rows + j] = code
      const d = g[u] - step * code
      e += d * d
    }
    scale[j] = step
    err[j] = Math.sqrt(e)
  }
  let maxNorm = 0
  let maxErr = 0
  for (let j = 0; j < rows; j++) {
    if (norm[j] > maxNorm) maxNorm = norm[j]
    if (err[j] > maxErr) maxErr = err[j]
  }
  return { gT, scale, norm, err, maxNorm, maxErr }
}
