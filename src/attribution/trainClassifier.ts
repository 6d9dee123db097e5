/**
 * Seeded SGD training of the BoW → tanh hidden → softmax classifier, keeping K checkpoints for
 * TracIn-CP. Per-example SGD with sparse first-layer updates: an email touches only its own
 * ~hundreds of W1 rows, which keeps an epoch over the demo corpus around a second on one core.
 */
import type { Checkpoint } from './checkpoint'
import { argmax, forward } from './checkpoint'
import { AttributionInputError } from './errors'
import type { SparseVector } from './features'
import { createPrng } from './prng'

/** Options of {@link trainClassifier}. */
export type TrainOptions = {
  inputDim: number
  /** @default 256 */
  hiddenDim?: number
  /** @default 2 */
  numClasses?: number
  /** Number of checkpoints K, one at the end of each of the last K epochs. @default 3 */
  checkpoints?: number
  /** Total epochs; must be ≥ `checkpoints`. @default equal to `checkpoints` */
  epochs?: number
  /** Learning rate of the first epoch. @default 0.05 */
  learningRate?: number
  /** Multiplier applied to the learning rate after each epoch. @default 0.7 */
  learningRateDecay?: number
  /** Standard deviation of the W1 init; inputs are L2-normalised, so this is the pre-activation scale. @default 1 */
  initScale?: number
  /** Seeds init and example order. @default 1 */
  seed?: number
  /**
   * Fine-tuning: start from these weights (a base model's last checkpoint, same dimensions)
   * instead of a random init. @default random init
   */
  init?: Checkpoint
}

/**
 * Trains on `(examples[i], labels[i])` and returns the checkpoints, oldest first, each carrying the
 * learning rate eta_k used in the epoch that produced it.
 *
 * @throws {AttributionInputError} on mismatched lengths or out-of-range labels.
 * @example
 * const checkpoints = trainClassifier(features, labels, { inputDim: 16384, seed: 1 })
 */
export function trainClassifier(
  examples: readonly SparseVector[],
  labels: ArrayLike<number>,
  options: TrainOptions,
): Checkpoint[] {
  const D = options.inputDim
  const H = options.hiddenDim ?? 256
  const C = options.numClasses ?? 2
  const K = options.checkpoints ?? 3
  const epochs = options.epochs ?? K
  const decay = options.learningRateDecay ?? 0.7
  if (examples.length !== labels.length)
    throw new AttributionInputError('examples and labels differ in length')
  if (epochs < K) throw new AttributionInputError(`epochs (${epochs}) must be ≥ checkpoints (${K})`)
  for (let i = 0; i < labels.length; i++)
    if (!(labels[i] >= 0 && labels[i] < C && Number.isInteger(labels[i])))
      throw new AttributionInputError(`label ${labels[i]} of example ${i} is not a class index < ${C}`)

  const rng = createPrng(options.seed ?? 1)
  const initScale = options.initScale ?? 1
  const ck: Checkpoint = {
    inputDim: D,
    hiddenDim: H,
    numClasses: C,
    w1: new Float32Array(D * H),
    b1: new Float32Array(H),
    w2: new Float32Array(H * C),
    b2: new Float32Array(C),
    learningRate: options.learningRate ?? 0.05,
    step: 0,
  }
  for (let i = 0; i < ck.w1.length; i++) ck.w1[i] = rng.normal() * initScale
  for (let i = 0; i < ck.w2.length; i++) ck.w2[i] = rng.normal() / Math.sqrt(H)
  const init = options.init
  if (init) {
    if (init.inputDim !== D || init.hiddenDim !== H || init.numClasses !== C)
      throw new AttributionInputError(
        `base checkpoint is ${init.inputDim}×${init.hiddenDim}×${init.numClasses}, not ${D}×${H}×${C}`,
      )
    ck.w1.set(init.w1)
    ck.b1.set(init.b1)
    ck.w2.set(init.w2)
    ck.b2.set(init.b2)
  }

  const out: Checkpoint[] = []
  const order = Int32Array.from(examples.keys())
  const d = new Float64Array(C)
  const dpre = new Float32Array(H)
  for (let epoch = 0; epoch < epochs; epoch++) {
    const lr = ck.learningRate
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      const t = order[i]
      order[i] = order[j]
      order[j] = t
    }
    for (const idx of order) {
      const x = examples[idx]
      const { h, probs } = forward(ck, x)
      for (let c = 0; c < C; c++) d[c] = probs[c] - (c === labels[idx] ? 1 : 0)
      // Backprop through W2 before updating it.
      for (let u = 0; u < H; u++) {
        let g = 0
        for (let c = 0; c < C; c++) g += ck.w2[u * C + c] * d[c]
        dpre[u] = g * (1 - h[u] * h[u])
      }
      for (let u = 0; u < H; u++) for (let c = 0; c < C; c++) ck.w2[u * C + c] -= lr * h[u] * d[c]
      for (let c = 0; c < C; c++) ck.b2[c] -= lr * d[c]
      for (let u = 0; u < H; u++) ck.b1[u] -= lr * dpre[u]
      for (let j = 0; j < x.indices.length; j++) {
        const a = lr * x.values[j]
        const row = x.indices[j] * H
        for (let u = 0; u < H; u++) ck.w1[row + u] -= a * dpre[u]
      }
      ck.step++
    }
    if (epoch >= epochs - K) out.push(cloneCheckpoint(ck, lr))
    ck.learningRate = lr * decay
  }
  return out
}

function cloneCheckpoint(ck: Checkpoint, learningRate: number): Checkpoint {
  return {
    ...ck,
    w1: ck.w1.slice(),
    b1: ck.b1.slice(),
    w2: ck.w2.slice(),
    b2: ck.b2.slice(),
    learningRate,
  }
}

/**
 * Fraction of examples whose predicted class equals the label.
 *
 * @example
 * accuracy(checkpoints.at(-1)!, testFeatures, testLabels) // 0.97…
 */
export function accuracy(
  ck: Checkpoint,
  examples: readonly SparseVector[],
  labels: ArrayLike<number>,
): number {
  let correct = 0
  for (let i = 0; i < examples.length; i++)
    if (argmax(forward(ck, examples[i]).logits) === labels[i]) correct++
  return examples.length === 0 ? 0 : correct / examples.length
}
