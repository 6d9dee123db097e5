import { describe, expect, it } from 'vitest'
import { createPrng } from '../prng'
import { selectTopK } from '../weightsPpm'
import { rescoreCandidates } from './rescoreCandidates'

describe('rescoreCandidates', () => {
  it.each([1, 3, 10, 40])('the top-%i of the rescored entries is the top-k of all, ties included', (k) => {
    const rng = createPrng(k)
    for (let trial = 0; trial < 100; trial++) {
      const n = 1 + rng.int(60)
      // Coarse exact scores make ties; each upper bound is at or above its exact score.
      const exact = Float64Array.from({ length: n }, () => Math.round((rng.next() - 0.3) * 20) / 20)
      const index = Int32Array.from({ length: n }, (_, x) => 3 * x + 1)
      const upper = exact.map((s) => s + rng.next() * 0.2 * Number(rng.next() < 0.8))
      const calls: number[] = []
      const out = rescoreCandidates(index, upper, k, (c) => {
        calls.push(c)
        return exact[(c - 1) / 3]
      })
      expect(calls).toEqual(out.index)
      const ids = (c: number) => String(c).padStart(4, '0')
      const all = selectTopK(exact, Array.from(index, ids), k).map((x) => index[x])
      const rescored = selectTopK(out.scores, out.index.map(ids), k).map((x) => out.index[x])
      expect(rescored).toEqual(all)
    }
  })

  it('stops once the k-th exact score beats every remaining upper bound', () => {
    const out = rescoreCandidates(Int32Array.of(1, 2, 3), Float64Array.of(0.9, 0.5, 0.8), 1, (c) =>
      c === 1 ? 0.85 : 0.7,
    )
    expect(out).toEqual({ index: [1], scores: [0.85] })
  })
})
