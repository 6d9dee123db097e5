import { afterAll, describe, expect, it } from 'vitest'
import type { Checkpoint } from './checkpoint'
import { createQueryWorker } from './createQueryWorker'
import { hashedBagOfWords } from './features'
import { inferenceQuery } from './inferenceQuery'
import { createPrng } from './prng'

function randomCheckpoint(seed: number, buckets: number): Checkpoint {
  const rng = createPrng(seed)
  const r = (n: number) => Float32Array.from({ length: n }, () => rng.next() - 0.5)
  const hiddenDim = 16
  return {
    inputDim: buckets,
    hiddenDim,
    numClasses: 2,
    w1: r(buckets * hiddenDim),
    b1: r(hiddenDim),
    w2: r(hiddenDim * 2),
    b2: r(2),
    learningRate: 0.1,
    step: seed,
  }
}

describe('createQueryWorker', () => {
  const buckets = 256
  const checkpoints = [1, 2, 3].map((s) => randomCheckpoint(s, buckets))
  const worker = createQueryWorker(checkpoints, buckets)
  afterAll(() => worker.close())

  it('computes on its thread exactly what inferenceQuery computes here', async () => {
    const texts = ['Buy cheap meds now', 'Meeting moved to 3pm, see agenda', '', 'FREE money!!! click here']
    const inputs = texts.map((t) => new TextEncoder().encode(t))
    const got = await worker.queries(inputs)
    const want = texts.map((t) => inferenceQuery(checkpoints, hashedBagOfWords(t, { buckets })))
    expect(got).toHaveLength(texts.length)
    got.forEach((q, i) => {
      expect(q.label).toBe(want[i].label)
      expect(q.h.map((a) => [...a])).toEqual(want[i].h.map((a) => [...a]))
      expect(q.delta.map((a) => [...a])).toEqual(want[i].delta.map((a) => [...a]))
    })
  })

  it('answers concurrent batches in order of their own requests', async () => {
    const a = worker.queries([new TextEncoder().encode('alpha beta')])
    const b = worker.queries([new TextEncoder().encode('gamma'), new TextEncoder().encode('delta')])
    expect((await b).length).toBe(2)
    expect((await a).length).toBe(1)
  })

  it('rejects after close instead of hanging', async () => {
    const other = createQueryWorker(checkpoints, buckets)
    await other.close()
    await expect(other.queries([new Uint8Array([65])])).rejects.toThrow(/query worker/)
  })
})
