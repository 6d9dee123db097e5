/**
 * Per-example last-layer quantities of the training set, per checkpoint: h (n × (hidden+1)),
 * delta = softmax − onehot(label) (n × classes) and their norms. Computed once per model version
 * and dataset; everything the score pass and self-influence need.
 */
import type { Checkpoint } from './checkpoint'
import { forward, lossGradient } from './checkpoint'
import { AttributionInputError } from './errors'
import type { SparseVector } from './features'

/** Last-layer features of all training examples at one checkpoint. */
export type CheckpointFeatures = {
  /** eta_k */
  learningRate: number
  /** Row-major `[n, width]`, last column is the bias input 1. */
  h: Float32Array
  /** Row-major `[n, numClasses]`. */
  delta: Float32Array
  /**
   * |h_i| in float64, from the float32 h above. Never stored as float32: the exact score divides
   * by it, and a float32 norm (relative error up to 6e-8) moved 1 ppm on 2-9% of queries against
   * an independent implementation of the formula (issue 14).
   */
  hNorm: Float64Array
  /** |delta_i| in float64 (see hNorm). */
  deltaNorm: Float64Array
}

/** Last-layer features of a training set across K checkpoints. */
export type TrainingFeatures = {
  n: number
  /** hiddenDim + 1 */
  width: number
  numClasses: number
  checkpoints: CheckpointFeatures[]
}

/**
 * Runs every checkpoint over every training example (sparse forward pass in TypeScript; the
 * exported ONNX models reproduce it, see `onnx/buildClassifierModel`).
 *
 * @throws {AttributionInputError} when lengths or checkpoint shapes disagree.
 * @example
 * const features = computeTrainingFeatures(checkpoints, trainX, trainLabels)
 */
export function computeTrainingFeatures(
  checkpoints: readonly Checkpoint[],
  examples: readonly SparseVector[],
  labels: ArrayLike<number>,
): TrainingFeatures {
  if (checkpoints.length === 0) throw new AttributionInputError('at least one checkpoint is required')
  if (examples.length !== labels.length)
    throw new AttributionInputError('examples and labels differ in length')
  const { hiddenDim, numClasses } = checkpoints[0]
  if (checkpoints.some((c) => c.hiddenDim !== hiddenDim || c.numClasses !== numClasses))
    throw new AttributionInputError('all checkpoints must share hiddenDim and numClasses')
  const n = examples.length
  const width = hiddenDim + 1
  return {
    n,
    width,
    numClasses,
    checkpoints: checkpoints.map((ck) => {
      const h = new Float32Array(n * width)
      const delta = new Float32Array(n * numClasses)
      for (let i = 0; i < n; i++) {
        const out = forward(ck, examples[i])
        h.set(out.h, i * width)
        delta.set(lossGradient(out.probs, labels[i]), i * numClasses)
      }
      return {
        learningRate: ck.learningRate,
        h,
        delta,
        hNorm: rowNorms(h, n, width),
        deltaNorm: rowNorms(delta, n, numClasses),
      }
    }),
  }
}

/**
 * Euclidean norm of each row of a row-major `[rows, cols]` matrix, in float64 (sum of squares in
 * column order, then the square root; nothing rounded to float32).
 *
 * @example
 * rowNorms(Float32Array.of(3, 4), 1, 2) // [5]
 */
export function rowNorms(m: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    let s = 0
    for (let c = 0; c < cols; c++) s += m[r * cols + c] * m[r * cols + c]
    out[r] = Math.sqrt(s)
  }
  return out
}
