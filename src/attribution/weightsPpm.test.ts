import { describe, expect, it } from 'vitest'
import { AttributionInputError, NoPositiveAttributionError } from './errors'
import { compareContributionIds, largestRemainderPpm, PPM, selectTopK, weightsFromScores } from './weightsPpm'

type Case = {
  name: string
  scores: number[]
  ids?: string[]
  topK: number
  minWeightPpm?: number
  expected: [string, number][]
}

const cases: Case[] = [
  {
    name: 'proportional',
    scores: [0.9, 0.3, -0.2],
    topK: 2,
    expected: [
      ['0', 750000],
      ['1', 250000],
    ],
  },
  {
    name: 'three-way tie: remainder goes to the smallest id',
    scores: [1, 1, 1],
    topK: 3,
    expected: [
      ['0', 333334],
      ['1', 333333],
      ['2', 333333],
    ],
  },
  {
    name: 'tie at the top-k cut keeps the smaller id',
    scores: [0.5, 0.5, 0.5],
    ids: ['9', '10', '8'],
    topK: 2,
    expected: [
      ['8', 500000],
      ['9', 500000],
    ],
  },
  {
    name: 'k larger than n keeps all positives',
    scores: [0.2, 0, 0.6, Number.NaN],
    topK: 50,
    expected: [
      ['2', 750000],
      ['0', 250000],
    ],
  },
  { name: 'k = 1 gets everything', scores: [0.1, 0.7, 0.2], topK: 1, expected: [['1', PPM]] },
  {
    name: 'minWeightPpm drops the tail and renormalises',
    scores: [100, 1, 1],
    topK: 3,
    minWeightPpm: 10000,
    expected: [['0', PPM]],
  },
  {
    name: 'minWeightPpm at exactly the share keeps it',
    scores: [3, 1],
    topK: 2,
    minWeightPpm: 250000,
    expected: [
      ['0', 750000],
      ['1', 250000],
    ],
  },
  {
    name: 'thirds of 7',
    scores: [2, 2, 3],
    ids: ['b', 'a', 'c'],
    topK: 3,
    expected: [
      ['c', 428572],
      ['a', 285714],
      ['b', 285714],
    ],
  },
]

describe('weightsFromScores', () => {
  it.each(cases)('$name', ({ scores, ids, topK, minWeightPpm, expected }) => {
    const names = ids ?? scores.map((_, i) => String(i))
    const weights = weightsFromScores(scores, names, { topK, minWeightPpm })
    expect(weights.map((w) => [w.contributionId, w.weightPpm])).toEqual(expected)
    expect(weights.reduce((a, w) => a + w.weightPpm, 0)).toBe(PPM)
  })

  it('throws NoPositiveAttributionError when every score is ≤ 0', () => {
    expect(() => weightsFromScores([-1, 0, -0.5], ['a', 'b', 'c'], { topK: 2 })).toThrow(
      NoPositiveAttributionError,
    )
    expect(() => weightsFromScores([], [], { topK: 2 })).toThrow(NoPositiveAttributionError)
  })

  it.each([
    { topK: 0, minWeightPpm: 0 },
    { topK: 1.5, minWeightPpm: 0 },
    { topK: 1, minWeightPpm: PPM + 1 },
  ])('rejects topK=$topK minWeightPpm=$minWeightPpm', (options) => {
    expect(() => weightsFromScores([1], ['a'], options)).toThrow(AttributionInputError)
  })

  it('always sums to exactly 1,000,000 on many random score vectors', () => {
    let seed = 7
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 40)
      const scores = Array.from({ length: n }, () => (rand() < 0.8 ? rand() ** 4 : -rand()))
      scores[0] = Math.abs(scores[0]) + 1e-9
      const ids = scores.map((_, i) => `c${i}`)
      const weights = weightsFromScores(scores, ids, { topK: 1 + Math.floor(rand() * 20) })
      expect(weights.reduce((a, w) => a + w.weightPpm, 0)).toBe(PPM)
      for (let j = 1; j < weights.length; j++)
        expect(weights[j].score).toBeLessThanOrEqual(weights[j - 1].score)
    }
  })
})

describe('helpers', () => {
  it('orders ids numerically for decimals and lexicographically for equal widths', () => {
    expect(['10', '9', '100', '0'].sort(compareContributionIds)).toEqual(['0', '9', '10', '100'])
  })
  it('selectTopK ignores non-positive scores', () => {
    expect(selectTopK([0.1, 0.5, -1, 0.5], ['a', 'b', 'c', 'd'], 2)).toEqual([1, 3])
  })
  it('largestRemainderPpm handles tiny shares', () => {
    expect(largestRemainderPpm([1e-12, 1], ['a', 'b'])).toEqual([0, PPM])
  })
})
