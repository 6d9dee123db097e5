import { describe, expect, it } from 'vitest'
import { topKBoundaryTie } from './topKBoundaryTie'

const ids = ['1', '2', '3', '4', '5']

describe('topKBoundaryTie', () => {
  it('accepts a k-th place taken by a contribution scoring within tolerance of the recomputed one', () => {
    // Recomputed top-2 is {1, 2} (2 beats 3 by a hair); the settlement paid {1, 3}.
    const scores = [0.5, 0.3000001, 0.3, 0.1, -0.2]
    const settled = [
      { contributionId: '1', weightPpm: 625_000 },
      { contributionId: '3', weightPpm: 375_000 },
    ]
    const tie = topKBoundaryTie(settled, scores, ids, 100)
    expect(tie.ok).toBe(true)
    expect(tie.maxDeviationPpm).toBeLessThanOrEqual(1)
    expect(tie.boundaryGapPpm).toBeGreaterThan(0)
    expect(tie.boundaryGapPpm).toBeLessThan(1)
  })

  it('rejects a swapped-in contribution that scores clearly lower', () => {
    const scores = [0.5, 0.3, 0.1, 0.05, 0]
    const settled = [
      { contributionId: '1', weightPpm: 833_333 },
      { contributionId: '4', weightPpm: 166_667 },
    ]
    const tie = topKBoundaryTie(settled, scores, ids, 1000)
    expect(tie.ok).toBe(false)
    expect(tie.boundaryGapPpm).toBeGreaterThan(400_000)
  })

  it('rejects weights that do not follow the scores even when the set is a valid tie', () => {
    const scores = [0.5, 0.3, 0.3, 0.1, 0]
    const settled = [
      { contributionId: '1', weightPpm: 500_000 },
      { contributionId: '3', weightPpm: 500_000 },
    ]
    expect(topKBoundaryTie(settled, scores, ids, 1000).ok).toBe(false)
  })

  it('rejects recipients without a recomputed score or with a non-positive one', () => {
    const scores = [0.5, 0.3, 0.3, 0.1, -0.2]
    expect(topKBoundaryTie([{ contributionId: '99', weightPpm: 1_000_000 }], scores, ids, 1000).ok).toBe(
      false,
    )
    expect(
      topKBoundaryTie(
        [
          { contributionId: '1', weightPpm: 999_999 },
          { contributionId: '5', weightPpm: 1 },
        ],
        scores,
        ids,
        1_000_000,
      ).ok,
    ).toBe(false)
    expect(topKBoundaryTie([], scores, ids, 1000).ok).toBe(false)
  })
})
