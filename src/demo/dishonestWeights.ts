import type { SettledWeight } from '../oracle/createOracle'

const PPM = 1_000_000

/**
 * The demo's dishonest oracle: moves half of the top contribution's weight (plus whatever the
 * evicted smallest entry had) to an accomplice's contribution, keeping the list valid for the
 * contract (same length, sum 1,000,000, no duplicates) so only a recomputation can catch it.
 *
 * @example
 * inflateForAccomplice(12n)([{ contributionId: 5n, weightPpm: 600_000 }, { contributionId: 9n, weightPpm: 400_000 }])
 * // [{ 5n, 300_000 }, { 12n, 700_000 }]
 */
export function inflateForAccomplice(accomplice: bigint) {
  return (_inferenceId: bigint, weights: SettledWeight[]): SettledWeight[] => {
    let kept = weights.filter((w) => w.contributionId !== accomplice).map((w) => ({ ...w }))
    if (kept.length === weights.length) kept = kept.slice(0, -1)
    if (kept.length === 0) return [{ contributionId: accomplice, weightPpm: PPM }]
    const steal = Math.floor(kept[0].weightPpm / 2)
    kept[0].weightPpm -= steal
    const rest = kept.reduce((s, w) => s + w.weightPpm, 0)
    return [...kept, { contributionId: accomplice, weightPpm: PPM - rest }]
  }
}
