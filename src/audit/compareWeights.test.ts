import { describe, expect, it } from 'vitest'
import { compareWeights } from './compareWeights'

const recomputed = [
  { contributionId: '7', weightPpm: 600_000 },
  { contributionId: '12', weightPpm: 300_000 },
  { contributionId: '9', weightPpm: 100_000 },
]

describe('compareWeights (exact)', () => {
  it('accepts exactly the recomputed ppm, in any order', () => {
    expect(compareWeights([...recomputed].reverse(), recomputed).check).toEqual({ name: 'weights', ok: true })
  })

  it.each([1, 17, 1_000])(
    'flags %i ppm shaved from the top towards an accomplice, naming the accomplice',
    (moved) => {
      const shaved = recomputed.map((w) => ({ ...w }))
      shaved[0].weightPpm -= moved
      shaved[2].weightPpm += moved
      const r = compareWeights(shaved, recomputed)
      expect(r.check.ok).toBe(false)
      expect(r.offendingContributionId).toBe('9')
      expect(r.maxDeviationPpm).toBe(moved)
      expect(r.check.detail).toBe(
        `weights differ from the recomputation by up to ${moved} ppm (exact match required); contribution 9 overpaid by ${moved} ppm`,
      )
    },
  )

  it('names a stranger paid in place of a recomputed contribution, and a contribution paid twice', () => {
    const stranger = compareWeights(
      [recomputed[0], recomputed[1], { contributionId: '40', weightPpm: 100_000 }],
      recomputed,
    )
    expect(stranger.offendingContributionId).toBe('40')
    expect(stranger.check.detail).toMatch(/contribution 40 is not in it/)
    const twice = compareWeights(
      [recomputed[0], recomputed[1], { contributionId: '7', weightPpm: 100_000 }],
      recomputed,
    )
    expect(twice.check.detail).toBe('contribution 7 is paid twice')
  })
})
