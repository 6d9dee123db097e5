import { describe, expect, it } from 'vitest'
import { decodeCheckpoint, encodeCheckpoint } from './checkpointCodec'
import { ArtifactFormatError } from './errors'
import { hashedBagOfWords } from './features'
import { trainClassifier } from './trainClassifier'
import { computeTrainingFeatures } from './trainingFeatures'
import { decodeTrainingFeatures, encodeTrainingFeatures } from './trainingFeaturesCodec'

const xs = ['cheap meds', 'meeting at noon', 'free money'].map((t) => hashedBagOfWords(t, { buckets: 64 }))
const checkpoints = trainClassifier(xs, [1, 0, 1], { inputDim: 64, hiddenDim: 4, checkpoints: 2, seed: 5 })

describe('codecs', () => {
  it('round-trips checkpoints bit for bit', () => {
    for (const ck of checkpoints) expect(decodeCheckpoint(encodeCheckpoint(ck))).toEqual(ck)
  })

  it('round-trips training features', () => {
    const tf = computeTrainingFeatures(checkpoints, xs, [1, 0, 1])
    expect(decodeTrainingFeatures(encodeTrainingFeatures(tf))).toEqual(tf)
  })

  it('rejects truncated or foreign bytes', () => {
    const bytes = encodeCheckpoint(checkpoints[0])
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(ArtifactFormatError)
    expect(() => decodeTrainingFeatures(bytes)).toThrow(ArtifactFormatError)
  })

  it('is deterministic: same seed, same bytes', () => {
    const again = trainClassifier(xs, [1, 0, 1], { inputDim: 64, hiddenDim: 4, checkpoints: 2, seed: 5 })
    expect(encodeCheckpoint(again[1])).toEqual(encodeCheckpoint(checkpoints[1]))
  })
})
