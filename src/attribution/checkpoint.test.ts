import { describe, expect, it } from 'vitest'
import { lossGradient, softmax } from './checkpoint'

describe('lossGradient', () => {
  it('keeps the direction of a confident prediction (sums to zero in float32)', () => {
    const probs = softmax(Float32Array.of(0, 20)) // p1 rounds to 1 in float32
    const delta = lossGradient(probs, 1)
    expect(delta[0]).toBeGreaterThan(0)
    expect(delta[1]).toBe(-delta[0])
  })
  it('equals softmax − onehot', () => {
    expect(Array.from(lossGradient(Float32Array.of(0.25, 0.25, 0.5), 0))).toEqual([-0.75, 0.25, 0.5])
  })
})
