/**
 * The inference side of the score: h_t and delta_t per checkpoint.
 */
import type { Checkpoint } from './checkpoint'
import { argmax, forward, lossGradient } from './checkpoint'
import { AttributionInputError } from './errors'
import type { SparseVector } from './features'

/** Last-layer input and loss gradient of one inference at each of the K checkpoints. */
export type InferenceQuery = {
  /** Per checkpoint, length hiddenDim + 1 (bias 1 last). */
  h: Float32Array[]
  /** Per checkpoint, length numClasses: softmax − onehot(label). */
  delta: Float32Array[]
  /** The label the deltas were taken against. */
  label: number
}

/**
 * Builds the query for one input. The label is the served (last) checkpoint's prediction unless
 * given: the inference has no ground truth, and what the user got is the model's answer.
 *
 * @example
 * const query = inferenceQuery(checkpoints, hashedBagOfWords(text))
 */
export function inferenceQuery(
  checkpoints: readonly Checkpoint[],
  x: SparseVector,
  options: { label?: number } = {},
): InferenceQuery {
  if (checkpoints.length === 0) throw new AttributionInputError('at least one checkpoint is required')
  const outs = checkpoints.map((ck) => forward(ck, x))
  const label = options.label ?? argmax(outs[outs.length - 1].logits)
  return {
    label,
    h: outs.map((o) => o.h),
    delta: outs.map((o) => lossGradient(o.probs, label)),
  }
}
