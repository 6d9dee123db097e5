import { describe, expect, it } from 'vitest'
import { largestRemainderPpm } from '../attribution/weightsPpm'
import { topKBoundaryTie } from './topKBoundaryTie'

/** Exact scores of contributions 1..6; 3 and 4 tie within 1e-7, 5 trails 4 by 0.1 % (the old window). */
const scores = new Map([
  ['1', 0.5],
  ['2', 0.4],
  ['3', 0.3],
  ['4', 0.3 * (1 - 1e-7)],
  ['5', 0.3 * (1 - 1e-3)],
  ['6', 0.29],
])
/** The settled weights of `ids` as the engine rounds their exact scores. */
const paying = (ids: string[], from: ReadonlyMap<string, number> = scores) => {
  const ppm = largestRemainderPpm(
    ids.map((id) => from.get(id) as number),
    ids,
  )
  return ids.map((contributionId, i) => ({ contributionId, weightPpm: ppm[i] }))
}
const recomputed = paying(['1', '2', '3'])

describe('topKBoundaryTie', () => {
  it('accepts the k-th place given to the next contribution when their scores tie within the tolerance, with exact weights', () => {
    const tie = topKBoundaryTie(paying(['1', '2', '4']), recomputed, scores, 0)
    expect(tie.check.ok).toBe(true)
    expect(tie.check.detail).toMatch(/only at the k-th place \(4 for 3/)
  })

  it('rejects a swap at the k-th place within the old 1,000 ppm window but outside the measured tolerance', () => {
    // 3 → 5 would have passed the old check (0.03 % of the score sum apart).
    const swap = topKBoundaryTie(
      paying(['1', '2', '5']),
      recomputed,
      new Map([...scores].filter(([id]) => id !== '4')),
      0,
    )
    expect(swap.check.ok).toBe(false)
    expect(swap.offendingContributionId).toBe('5')
    expect(swap.check.detail).toMatch(/more than the tie tolerance/)
  })

  it('rejects a stand-in that is not ranked right after the k-th, even within tolerance of it', () => {
    const skipped = new Map([...scores, ['7', 0.3 * (1 - 2e-7)]])
    const swap = topKBoundaryTie(paying(['1', '2', '7'], skipped), recomputed, skipped, 0)
    expect(swap.check.ok).toBe(false)
    expect(swap.check.detail).toMatch(/not ranked right after it \(4 is\)/)
  })

  it('rejects a swap anywhere but the k-th place, several swaps, and a shrunken or grown set', () => {
    const cases = [
      { settled: paying(['1', '4', '3']), offender: '4', detail: /not the recomputed k-th/ },
      {
        settled: paying(['1', '4', '5']),
        offender: '4',
        detail: /differs from the recomputation in 2 places/,
      },
      { settled: paying(['1', '2']), offender: '3', detail: /settles 2 contributions, the recomputation 3/ },
      { settled: paying(['1', '2', '3', '4']), offender: '4', detail: /settles 4 contributions/ },
    ]
    for (const c of cases) {
      const tie = topKBoundaryTie(c.settled, recomputed, scores, 0)
      expect(tie.check.ok).toBe(false)
      expect(tie.offendingContributionId).toBe(c.offender)
      expect(tie.check.detail).toMatch(c.detail)
    }
  })

  it('rejects a valid tie whose weights are off by 1 ppm from the settled set’s exact ppm', () => {
    const settled = paying(['1', '2', '4'])
    settled[0].weightPpm -= 1
    settled[2].weightPpm += 1
    const tie = topKBoundaryTie(settled, recomputed, scores, 0)
    expect(tie.check.ok).toBe(false)
    expect(tie.offendingContributionId).toBe('4')
    expect(tie.check.detail).toMatch(/overpaid by 1 ppm/)
  })

  it('respects minWeightPpm: a tie whose settled set would drop a contribution below it fails', () => {
    const tiny = new Map([
      ['1', 0.9],
      ['2', 0.001],
      ['3', 0.001 * (1 - 1e-7)],
    ])
    const settled = [
      { contributionId: '1', weightPpm: 998_891 },
      { contributionId: '3', weightPpm: 1_109 },
    ]
    const tie = topKBoundaryTie(
      settled,
      [
        { contributionId: '1', weightPpm: 998_891 },
        { contributionId: '2', weightPpm: 1_109 },
      ],
      tiny,
      5_000,
    )
    expect(tie.check.ok).toBe(false)
    expect(tie.offendingContributionId).toBe('3')
  })

  it('rejects a recipient without a positive recomputed score, and a contribution paid twice', () => {
    const stranger = topKBoundaryTie(
      [...paying(['1', '2']), { contributionId: '99', weightPpm: 0 }],
      recomputed,
      scores,
      0,
    )
    expect(stranger.check.ok).toBe(false)
    expect(stranger.offendingContributionId).toBe('99')
    const twice = topKBoundaryTie(
      [
        { contributionId: '1', weightPpm: 500_000 },
        { contributionId: '2', weightPpm: 250_000 },
        { contributionId: '1', weightPpm: 250_000 },
      ],
      recomputed,
      scores,
      0,
    )
    expect(twice.check.detail).toBe('contribution 1 is paid twice')
  })
})
