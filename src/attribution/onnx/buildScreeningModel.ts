/**
 * The CPU screening pass: the folded score graph of `buildScoreModel` on 8-bit integers. Reading
 * int8 instead of float32 moves a quarter of the bytes, and the score pass is memory-bound, so this
 * is what makes one inference against a large training set fast on CPU. The integer products are
 * exact; `candidatesByBound` turns them into bounds that provably contain the exact top-k, and only
 * those few contributions are rescored exactly.
 */
import { onnx } from 'onnx-proto'
import { byteTensor, encodeModel, node, valueInfo } from './protoBuilders'

/**
 * Offset of the uint8 query codes: codes are `q̃ + QUERY_ZERO_POINT` with `q̃` in [−63, 63], so
 * codes stay within [1, 127]. With weights in [−127, 127] a pair of products is at most 32,258,
 * which fits the int16 intermediate of x86 AVX2 u8×s8 kernels (vpmaddubsw saturates beyond it):
 * the int32 result is exact on every CPU, as the bounds require.
 */
export const QUERY_ZERO_POINT = 64
/** Largest magnitude of a query code before the offset. */
export const QUERY_LEVELS = 63
/** Largest magnitude of a training-row code. */
export const ROW_LEVELS = 127

/**
 * Builds the screening model: input `q` uint8 `[batch, foldedWidth]` (codes offset by
 * {@link QUERY_ZERO_POINT}), initializer `GT` int8 `[foldedWidth, n]` (row codes, transposed),
 * output `acc` int32 `[batch, n]` = Σ_u (q_bu − 64) · G̃ᵀ_ui, exactly.
 *
 * @example
 * const bytes = buildScreeningModel({ n, foldedWidth: 3 * 257, gT: codes })
 */
export function buildScreeningModel(spec: { n: number; foldedWidth: number; gT: Int8Array }): Uint8Array {
  const { UINT8, INT32 } = onnx.TensorProto.DataType
  return encodeModel({
    name: 'tracin_cp_last_layer_screen',
    input: [valueInfo('q', UINT8, ['batch', spec.foldedWidth])],
    output: [valueInfo('acc', INT32, ['batch', spec.n])],
    initializer: [
      byteTensor('GT', [spec.foldedWidth, spec.n], spec.gT),
      byteTensor('q_zero', [], Uint8Array.of(QUERY_ZERO_POINT)),
    ],
    node: [node('MatMulInteger', ['q', 'GT', 'q_zero'], ['acc'])],
  })
}
