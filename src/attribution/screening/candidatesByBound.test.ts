import { describe, expect, it } from 'vitest'
import { createPrng } from '../prng'
import { candidatesByBound } from './candidatesByBound'

/** Indices of the k largest strictly positive values, ties to the smaller index. */
function exactTopK(exact: Float64Array, k: number): number[] {
  return Array.from(exact.keys())
    .filter((c) => exact[c] > 0)
    .sort((a, b) => exact[b] - exact[a] || a - b)
    .slice(0, k)
}

describe('candidatesByBound', () => {
  it.each([
    [1, 1000, 0.01],
    [10, 1000, 0.05],
    [10, 1000, 0.5],
    [50, 200, 0.2],
    [300, 200, 0.1],
  ])('keeps the exact top-%i of %i scores whatever the error within eps (eps scale %f)', (k, n, scale) => {
    const rng = createPrng(k * 7919 + n)
    for (let trial = 0; trial < 50; trial++) {
      // Coarse values make many exact ties; eps varies per entry.
      const exact = Float64Array.from({ length: n }, () => Math.round((rng.next() - 0.4) * 40) / 40)
      const eps = Float64Array.from({ length: n }, () => rng.next() * scale)
      const approx = exact.map((x, c) => x + (2 * rng.next() - 1) * eps[c])
      const candidates = new Set(candidatesByBound(approx, eps, k))
      for (const c of exactTopK(exact, k)) expect(candidates.has(c)).toBe(true)
      for (const c of candidates) expect(approx[c] + eps[c]).toBeGreaterThan(0)
    }
  })

  it('is tight when the bounds separate: only the top-k and entries that could tie', () => {
    const approx = Float64Array.of(0.9, 0.1, 0.5, -1, 0.5)
    const eps = new Float64Array(5).fill(0.01)
    expect([...candidatesByBound(approx, eps, 1)]).toEqual([0])
    expect([...candidatesByBound(approx, eps, 2)]).toEqual([0, 2, 4])
    expect([...candidatesByBound(approx, eps, 10)]).toEqual([0, 1, 2, 4])
  })

  it('never returns an entry with a NaN bound, nor lets it set the threshold', () => {
    const approx = Float64Array.of(Number.NaN, 0.9, 0.8, 0.1)
    const eps = Float64Array.of(0.01, Number.NaN, 0.01, 0.01)
    expect([...candidatesByBound(approx, eps, 1)]).toEqual([2])
    expect([...candidatesByBound(new Float64Array(0), new Float64Array(0), 3)]).toEqual([])
  })
})
