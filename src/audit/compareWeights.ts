import { compareContributionIds } from '../attribution/weightsPpm'
import type { AuditCheck } from './auditTypes'

type Weight = { contributionId: string; weightPpm: number }

/**
 * Compares settled weights with the expected ones (the recomputation's, or those a documented tie
 * implies): the same contributions, each listed once, each with exactly the expected ppm. There is
 * no tolerance: both sides round the same exact float64 scores by the same rule, so any
 * difference is a choice of the oracle (1 ppm of every settlement to an accomplice is still a
 * theft). The offending contribution is the one overpaid the most (settled − expected), ties to
 * the smaller id: the beneficiary of a manipulation, not its collateral; a contribution listed
 * twice is named first.
 *
 * @example
 * compareWeights([{ contributionId: '7', weightPpm: 600_000 }], [{ contributionId: '7', weightPpm: 600_000 }]).check.ok // true
 */
export function compareWeights(
  settled: readonly Weight[],
  expected: readonly Weight[],
): { check: AuditCheck; maxDeviationPpm: number; offendingContributionId?: string } {
  const s = new Map<string, number>()
  for (const w of settled) {
    if (s.has(w.contributionId))
      return {
        check: { name: 'weights', ok: false, detail: `contribution ${w.contributionId} is paid twice` },
        maxDeviationPpm: w.weightPpm,
        offendingContributionId: w.contributionId,
      }
    s.set(w.contributionId, w.weightPpm)
  }
  const r = new Map(expected.map((w) => [w.contributionId, w.weightPpm]))
  const ids = [...new Set([...s.keys(), ...r.keys()])].sort(compareContributionIds)
  let maxDeviationPpm = 0
  let offender: { id: string; over: number } | undefined
  for (const id of ids) {
    const over = (s.get(id) ?? 0) - (r.get(id) ?? 0)
    maxDeviationPpm = Math.max(maxDeviationPpm, Math.abs(over))
    const wrong = !s.has(id) || !r.has(id) || over !== 0
    if (wrong && (!offender || over > offender.over)) offender = { id, over }
  }
  if (!offender) return { check: { name: 'weights', ok: true }, maxDeviationPpm }
  const sameSet = settled.length === expected.length && settled.every((w) => r.has(w.contributionId))
  const how = offender.over > 0 ? `overpaid by ${offender.over} ppm` : `underpaid by ${-offender.over} ppm`
  const detail = sameSet
    ? `weights differ from the recomputation by up to ${maxDeviationPpm} ppm (exact match required); contribution ${offender.id} ${how}`
    : `top-k set differs from the recomputation; contribution ${offender.id} ${!r.has(offender.id) ? 'is not in it' : how}`
  return {
    check: { name: 'weights', ok: false, detail },
    maxDeviationPpm,
    offendingContributionId: offender.id,
  }
}
