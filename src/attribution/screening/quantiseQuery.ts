/**
 * Int8 coding of a folded query for the screening graph, with the terms of its error bound.
 */
import { QUERY_LEVELS, QUERY_ZERO_POINT } from '../onnx/buildScreeningModel'
import type { QueryTerms } from './screenShard'

/**
 * Relative slack added to every bound, far above the float64 rounding of the approximate score,
 * the bound terms and the rescoring dot product (~1e-13 relative at width 771).
 */
const FLOAT64_SLACK = 1e-10

/**
 * Writes the two offset code rows of the folded query `q[offset..offset+FW)` into `codes` (at
 * `2·offset` and `2·offset + FW`) and returns its bound terms. The query is coded as
 * q̃ = stepHi·hi + stepLo·lo with stepLo = stepHi/126, so |q − q̃| is ~1/8000 of |q| and the bound
 * is mostly the training-row side. With acc_hi/acc_lo the exact integer products of the codes with
 * a row's codes, approx_j = scale_j·(stepHi·acc_hi + stepLo·acc_lo) and, from
 * q·G − q̃·G̃ = (q − q̃)·G + q̃·(G − G̃) and Cauchy–Schwarz, |q·G_j − approx_j| ≤ alpha·|G_j| + beta·err_j.
 *
 * @returns undefined for a non-finite query (it has no meaningful score).
 * @example
 * const codes = new Uint8Array(2 * B * FW)
 * const terms = quantiseQuery(q, b * FW, FW, codes)
 */
export function quantiseQuery(
  q: Float64Array,
  offset: number,
  FW: number,
  codes: Uint8Array,
): QueryTerms | undefined {
  let max = 0
  let sq = 0
  for (let u = 0; u < FW; u++) {
    const v = q[offset + u]
    const a = v < 0 ? -v : v
    if (a > max) max = a
    sq += v * v
  }
  if (!Number.isFinite(sq)) return undefined
  // Locals, not the imported bindings: under a CommonJS transform each use of an import in the
  // loop is a getter call (measured: 8x slower).
  const levels = QUERY_LEVELS
  const zero = QUERY_ZERO_POINT
  const stepHi = max / levels
  // The high code's remainder is within ±stepHi/2 = ±63·stepLo, so the low code fits the same range.
  const stepLo = stepHi / (2 * levels)
  const invHi = stepHi > 0 ? 1 / stepHi : 0
  const invLo = stepLo > 0 ? 1 / stepLo : 0
  let errSq = 0
  let codedSq = 0
  const hiRow = 2 * offset
  const loRow = hiRow + FW
  for (let u = 0; u < FW; u++) {
    const v = q[offset + u]
    // Any codes give a valid bound (it is computed from the codes actually written); the clamps
    // only keep them within the 7-bit range the graph's exactness relies on. floor(x + 0.5), not
    // Math.round: 3x faster in V8 here, and either rounding is fine.
    const hi = Math.min(levels, Math.max(-levels, Math.floor(v * invHi + 0.5)))
    const lo = Math.min(levels, Math.max(-levels, Math.floor((v - stepHi * hi) * invLo + 0.5)))
    codes[hiRow + u] = hi + zero
    codes[loRow + u] = lo + zero
    const coded = stepHi * hi + stepLo * lo
    const d = v - coded
    errSq += d * d
    codedSq += coded * coded
  }
  return {
    stepHi,
    stepLo,
    alpha: Math.sqrt(errSq) + FLOAT64_SLACK * Math.sqrt(sq),
    beta: Math.sqrt(codedSq),
  }
}
