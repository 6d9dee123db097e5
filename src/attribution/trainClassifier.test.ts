import { describe, expect, it } from 'vitest'
import { AttributionInputError } from './errors'
import { hashedBagOfWords } from './features'
import { accuracy, trainClassifier } from './trainClassifier'

const buckets = 512
const texts = [
  'cheap pills buy now',
  'meeting notes attached',
  'win money fast click',
  'lunch tomorrow at noon',
]
const labels = [1, 0, 1, 0]
const xs = texts.map((t) => hashedBagOfWords(t, { buckets }))
const options = { inputDim: buckets, hiddenDim: 16, seed: 3 }

describe('trainClassifier init (fine-tuning from a base checkpoint)', () => {
  it('starts from the base weights, not a random init', () => {
    const [base] = trainClassifier(xs, labels, { ...options, checkpoints: 1, epochs: 5 })
    // A zero learning rate leaves the start untouched: the fine-tune's checkpoint is the base's weights.
    const [still] = trainClassifier(xs, labels, {
      ...options,
      checkpoints: 1,
      learningRate: 0,
      init: base,
      seed: 9,
    })
    expect(Array.from(still.w1)).toEqual(Array.from(base.w1))
    expect(Array.from(still.w2)).toEqual(Array.from(base.w2))
    expect(Array.from(still.b2)).toEqual(Array.from(base.b2))
    const [fresh] = trainClassifier(xs, labels, { ...options, checkpoints: 1, learningRate: 0, seed: 9 })
    expect(Array.from(fresh.w1)).not.toEqual(Array.from(base.w1))
    // Fine-tuning moves on from there and does no worse on these examples than the base.
    const tuned = trainClassifier(xs, labels, { ...options, init: base, learningRate: 0.02 })
    expect(accuracy(tuned[tuned.length - 1], xs, labels)).toBeGreaterThanOrEqual(accuracy(base, xs, labels))
  })

  it('refuses a base checkpoint of other dimensions', () => {
    const [base] = trainClassifier(xs, labels, { ...options, checkpoints: 1 })
    expect(() => trainClassifier(xs, labels, { ...options, hiddenDim: 8, init: base })).toThrow(
      AttributionInputError,
    )
  })
})
