/**
 * Small constructors over `onnx-proto` so graph builders read like the math they encode.
 */
import { onnx } from 'onnx-proto'
import { AttributionInputError } from '../errors'

/** ONNX opset the engine's graphs are written against (Pad with scalar input, ReduceSum axes input). */
export const OPSET = 17
/** IR version understood by onnx-proto 8 (ONNX 1.10) and accepted by onnxruntime 1.30. */
export const IR_VERSION = 8

/** A dimension: a fixed size or a symbolic name such as `'batch'`. */
export type Dim = number | string

/**
 * A float32 graph input or output declaration.
 *
 * @example
 * floatValueInfo('features', ['batch', 16384])
 */
export function floatValueInfo(name: string, dims: readonly Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }
}

/**
 * A float32 initializer holding `values` (little-endian raw bytes, no copy of the typed array).
 *
 * @example
 * floatTensor('W1', [16384, 256], checkpoint.w1)
 */
export function floatTensor(name: string, dims: readonly number[], values: Float32Array): onnx.ITensorProto {
  const expected = dims.reduce((a, b) => a * b, 1)
  if (values.length !== expected)
    throw new AttributionInputError(`${name}: ${values.length} values for dims ${dims.join('×')}`)
  return {
    name,
    dims: [...dims],
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  }
}

/**
 * A graph input or output of any element type (the int8 screening graph feeds uint8, returns int32).
 *
 * @example
 * valueInfo('acc', onnx.TensorProto.DataType.INT32, ['batch', 100000])
 */
export function valueInfo(
  name: string,
  elemType: onnx.TensorProto.DataType,
  dims: readonly Dim[],
): onnx.IValueInfoProto {
  const info = floatValueInfo(name, dims)
  info.type!.tensorType!.elemType = elemType
  return info
}

/**
 * An 8-bit integer initializer (`Int8Array` → INT8, `Uint8Array` → UINT8), raw bytes without a copy.
 *
 * @example
 * byteTensor('GT', [771, n], quantised)
 */
export function byteTensor(
  name: string,
  dims: readonly number[],
  values: Int8Array | Uint8Array,
): onnx.ITensorProto {
  const expected = dims.reduce((a, b) => a * b, 1)
  if (values.length !== expected)
    throw new AttributionInputError(`${name}: ${values.length} values for dims ${dims.join('×')}`)
  return {
    name,
    dims: [...dims],
    dataType: values instanceof Int8Array ? onnx.TensorProto.DataType.INT8 : onnx.TensorProto.DataType.UINT8,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  }
}

/**
 * An int64 initializer (shapes, pads, axes).
 *
 * @example
 * int64Tensor('axes', [1], [0])
 */
export function int64Tensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): onnx.ITensorProto {
  return {
    name,
    dims: [...dims],
    dataType: onnx.TensorProto.DataType.INT64,
    rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer),
  }
}

/**
 * A graph node; integer attributes only, which is all the engine's graphs use.
 *
 * @example
 * node('MatMul', ['h', 'W2'], ['z'])
 */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  intAttributes: Record<string, number> = {},
): onnx.INodeProto {
  return {
    opType,
    name: `${opType}_${outputs[0]}`,
    input: [...inputs],
    output: [...outputs],
    attribute: Object.entries(intAttributes).map(([name, i]) => ({
      name,
      type: onnx.AttributeProto.AttributeType.INT,
      i,
    })),
  }
}

/**
 * Wraps a graph into a serialised model (bytes ready for `InferenceSession.create` or the store).
 *
 * @example
 * const bytes = encodeModel({ name: 'score', node: nodes, input, output, initializer })
 */
export function encodeModel(graph: onnx.IGraphProto, docString = ''): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'openledger-attribution',
    producerVersion: '1',
    docString,
    opsetImport: [{ domain: '', version: OPSET }],
    graph: onnx.GraphProto.create(graph),
  })
  return onnx.ModelProto.encode(model).finish()
}
