/**
 * The TracIn-CP score pass as the literal ONNX graph (kept as the benchmark's "bare graph" and as
 * a cross-check; the scorer uses the folded graph of `buildScoreModel`, which reads the same bytes
 * without the per-checkpoint intermediates). Per checkpoint k, with rows of H and Δ pre-normalised
 * (and eta_k folded into Δ) once per model version:
 *
 *     scores[b, i] = Σ_k (ĥ_k[b] · Ĥ_k[i]) · (δ̂_k[b] · Δ̂_k[i])
 *
 * i.e. two MatMuls and a Mul per checkpoint, then a Sum. The training side is baked in as
 * initializers (transposed, `[width, n]`) so the runtime can pre-pack it once and, on CUDA, keep
 * it on the device: each batch then moves only the B×width queries in and B×n scores out.
 */
import { encodeModel, floatTensor, floatValueInfo, node } from './protoBuilders'

/** Pre-normalised training-side matrices of one checkpoint, for a block of n examples. */
export type ScoreModelCheckpoint = {
  /** Ĥᵀ: row-major `[width, n]`, column i = h_i / |h_i|. */
  hT: Float32Array
  /** (eta_k Δ̂)ᵀ: row-major `[numClasses, n]`, column i = eta_k delta_i / |delta_i|. */
  deltaT: Float32Array
}

/**
 * Builds the score model. Inputs `h{k}` `[batch, width]` and `delta{k}` `[batch, numClasses]`
 * (unit-normalised queries), output `scores` `[batch, n]`.
 *
 * @example
 * const bytes = buildFactorisedScoreModel({ n, width: 257, numClasses: 2, checkpoints: [{ hT, deltaT }] })
 */
export function buildFactorisedScoreModel(spec: {
  n: number
  width: number
  numClasses: number
  checkpoints: readonly ScoreModelCheckpoint[]
}): Uint8Array {
  const { n, width, numClasses } = spec
  const K = spec.checkpoints.length
  const perCheckpoint = spec.checkpoints.map((ck, k) => ({
    inputs: [floatValueInfo(`h${k}`, ['batch', width]), floatValueInfo(`delta${k}`, ['batch', numClasses])],
    initializer: [
      floatTensor(`HT${k}`, [width, n], ck.hT),
      floatTensor(`DT${k}`, [numClasses, n], ck.deltaT),
    ],
    nodes: [
      node('MatMul', [`h${k}`, `HT${k}`], [`hh${k}`]),
      node('MatMul', [`delta${k}`, `DT${k}`], [`dd${k}`]),
      node('Mul', [`hh${k}`, `dd${k}`], [K === 1 ? 'scores' : `s${k}`]),
    ],
  }))
  const sum =
    K === 1
      ? []
      : [
          node(
            'Sum',
            perCheckpoint.map((_, k) => `s${k}`),
            ['scores'],
          ),
        ]
  return encodeModel({
    name: 'tracin_cp_last_layer_scores',
    input: perCheckpoint.flatMap((c) => c.inputs),
    output: [floatValueInfo('scores', ['batch', n])],
    initializer: perCheckpoint.flatMap((c) => c.initializer),
    node: [...perCheckpoint.flatMap((c) => c.nodes), ...sum],
  })
}
