/**
 * How far two honest engines' scores of one contribution may be apart, relative to the score:
 * a safe factor above the largest disagreement measured between the numeric regimes the product
 * runs (float64 exact, int8 screen + exact rescoring, float32 graph with TopK; CUDA per
 * onnxruntime's documentation). The measurement and the factor are in src/audit/README.md and
 * re-checked by `test/audit/scoreTolerance.test.ts`. Only a tie at the k-th place may use it;
 * weights never do (they must be the exact ppm of the exact scores).
 */
export const SCORE_TIE_TOLERANCE = 1e-5

/**
 * Whether `a` and `b` (scores of two contributions for one query) are equal up to the tolerance,
 * relative to the larger one.
 *
 * @example
 * withinScoreTolerance(0.5, 0.5 * (1 - 5e-6)) // true
 * withinScoreTolerance(0.5, 0.4995) // false (1e-3 apart: the old 1,000 ppm window)
 */
export function withinScoreTolerance(a: number, b: number): boolean {
  return Math.abs(a - b) <= SCORE_TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))
}
