import { describe, expect, it } from 'vitest'
import { decodeCheckpoint, encodeCheckpoint, readFloatsLE } from './checkpointCodec'
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

  it('reads a version-1 cache (float32 norms stored) with the norms recomputed in float64', () => {
    const tf = computeTrainingFeatures(checkpoints, xs, [1, 0, 1])
    const v2 = encodeTrainingFeatures(tf)
    // Version 1: the same header and per-checkpoint blocks, each followed by hNorm and deltaNorm as float32.
    const n = tf.n
    const v1 = new Uint8Array(v2.length + tf.checkpoints.length * 8 * n)
    const view = new DataView(v1.buffer)
    v1.set(v2.subarray(0, 24))
    view.setUint32(4, 1, true)
    let from = 24
    let to = 24
    for (const ck of tf.checkpoints) {
      const block = 8 + 4 * (ck.h.length + ck.delta.length)
      v1.set(v2.subarray(from, from + block), to)
      from += block
      to += block
      for (const norms of [ck.hNorm, ck.deltaNorm])
        for (const v of norms) {
          view.setFloat32(to, v, true)
          to += 4
        }
    }
    const decoded = decodeTrainingFeatures(v1)
    expect(decoded).toEqual(tf)
    expect(decoded.checkpoints[0].hNorm).toBeInstanceOf(Float64Array)
  })

  it('rejects truncated or foreign bytes', () => {
    const bytes = encodeCheckpoint(checkpoints[0])
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(ArtifactFormatError)
    expect(() => decodeTrainingFeatures(bytes)).toThrow(ArtifactFormatError)
  })

  it('reads aligned floats as a view of the bytes and unaligned ones as a copy, same values', () => {
    const values = Float32Array.of(1.5, -2.25, Number.NaN, 3e-38)
    const bytes = new Uint8Array(4 + 1 + values.byteLength)
    bytes.set(new Uint8Array(values.buffer), 4)
    const aligned = readFloatsLE(new DataView(bytes.buffer), 4, 4)
    expect(aligned).toEqual(values)
    expect(aligned.buffer).toBe(bytes.buffer)
    bytes.copyWithin(5, 4, 4 + values.byteLength)
    const unaligned = readFloatsLE(new DataView(bytes.buffer), 5, 4)
    expect(unaligned).toEqual(values)
    expect(unaligned.buffer).not.toBe(bytes.buffer)
  })

  it('is deterministic: same seed, same bytes', () => {
    const again = trainClassifier(xs, [1, 0, 1], { inputDim: 64, hiddenDim: 4, checkpoints: 2, seed: 5 })
    expect(encodeCheckpoint(again[1])).toEqual(encodeCheckpoint(checkpoints[1]))
  })
})
