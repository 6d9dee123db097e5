/**
 * ONNX export of one classifier checkpoint, so anyone can run the served model with a stock runtime.
 */
import type { Checkpoint } from '../checkpoint'
import { encodeModel, floatTensor, floatValueInfo, int64Tensor, node } from './protoBuilders'

/**
 * Builds the model `features [batch, inputDim] → logits [batch, C], probs [batch, C],
 * h [batch, hiddenDim + 1]` where `h` is the last layer's input with the bias 1 appended, as
 * TracIn-CP uses it.
 *
 * @example
 * const session = await ort.InferenceSession.create(buildClassifierModel(checkpoint))
 * const { logits, h } = await session.run({ features: new ort.Tensor('float32', dense, [1, 16384]) })
 */
export function buildClassifierModel(ck: Checkpoint): Uint8Array {
  const { inputDim: D, hiddenDim: H, numClasses: C } = ck
  return encodeModel(
    {
      name: 'bow_mlp_classifier',
      input: [floatValueInfo('features', ['batch', D])],
      output: [
        floatValueInfo('logits', ['batch', C]),
        floatValueInfo('probs', ['batch', C]),
        floatValueInfo('h', ['batch', H + 1]),
      ],
      initializer: [
        floatTensor('W1', [D, H], ck.w1),
        floatTensor('b1', [H], ck.b1),
        floatTensor('W2', [H, C], ck.w2),
        floatTensor('b2', [C], ck.b2),
        int64Tensor('bias_pad', [4], [0, 0, 0, 1]),
        floatTensor('one', [], Float32Array.of(1)),
      ],
      node: [
        node('MatMul', ['features', 'W1'], ['pre_mm']),
        node('Add', ['pre_mm', 'b1'], ['pre']),
        node('Tanh', ['pre'], ['hidden']),
        node('Pad', ['hidden', 'bias_pad', 'one'], ['h']),
        node('MatMul', ['hidden', 'W2'], ['logits_mm']),
        node('Add', ['logits_mm', 'b2'], ['logits']),
        node('Softmax', ['logits'], ['probs'], { axis: -1 }),
      ],
    },
    `learningRate=${ck.learningRate} step=${ck.step}`,
  )
}
