/**
 * The TracIn-CP score pass as one ONNX MatMul. Per checkpoint the cosine score is
 * (ĥ_t·Ĥ_i)(δ̂_t·Δ̂_i). Both deltas are softmax − onehot, so they lie in the sum-zero subspace of
 * R^C; with an orthonormal basis V of it, δ̂_t·Δ̂_i = (δ̂_t V)·(Δ̂_i V) and the product of the two dot
 * products is one dot product of Kronecker products:
 *
 *     scores[b, i] = q_b · G_i,   G_i = concat_k (Δ̂_ik V) ⊗ Ĥ_ik,   q_b = concat_k eta_k (δ̂_bk V) ⊗ ĥ_bk
 *
 * For 2 classes V is one vector and G is exactly as large as the stacked Ĥ: one pass over the same
 * bytes as `(H·h)⊙(Δ·δ)`, with no `[K, batch, n]` intermediates and a single GEMM the runtime
 * pre-packs once (and, on CUDA, keeps on the device).
 */
import { onnx } from 'onnx-proto'
import { encodeModel, floatTensor, floatValueInfo, node, valueInfo } from './protoBuilders'

/**
 * Builds the folded score model: input `q` `[batch, foldedWidth]`, initializer `Gᵀ`
 * `[foldedWidth, n]`, output `scores` `[batch, n]`; and, for callers that only rank, input `k`
 * (int64 `[1]`) with outputs `topScores` / `topRows` `[batch, k]`: the k best rows per query,
 * best first, equal scores to the lower row (ONNX TopK), so a batch copies out k values per query
 * instead of n. Fetch either pair; `k` must be fed either way.
 *
 * @example
 * const bytes = buildScoreModel({ n, foldedWidth: 3 * 257, gT })
 */
export function buildScoreModel(spec: { n: number; foldedWidth: number; gT: Float32Array }): Uint8Array {
  return encodeModel({
    name: 'tracin_cp_last_layer_scores',
    input: [
      floatValueInfo('q', ['batch', spec.foldedWidth]),
      valueInfo('k', onnx.TensorProto.DataType.INT64, [1]),
    ],
    output: [
      floatValueInfo('scores', ['batch', spec.n]),
      floatValueInfo('topScores', ['batch', 'k']),
      valueInfo('topRows', onnx.TensorProto.DataType.INT64, ['batch', 'k']),
    ],
    initializer: [floatTensor('GT', [spec.foldedWidth, spec.n], spec.gT)],
    node: [
      node('MatMul', ['q', 'GT'], ['scores']),
      node('TopK', ['scores', 'k'], ['topScores', 'topRows'], { axis: -1, largest: 1, sorted: 1 }),
    ],
  })
}

/**
 * Orthonormal (Helmert) basis of the sum-zero subspace of R^C, as C−1 vectors of length C.
 *
 * @example
 * sumZeroBasis(2) // [[0.7071…, -0.7071…]]
 */
export function sumZeroBasis(numClasses: number): Float64Array[] {
  return Array.from({ length: numClasses - 1 }, (_, m) => {
    const j = m + 1
    const v = new Float64Array(numClasses)
    const scale = 1 / Math.sqrt(j * (j + 1))
    for (let c = 0; c < j; c++) v[c] = scale
    v[j] = -j * scale
    return v
  })
}
