import type { AuditCheck } from './auditTypes'

type Weight = { contributionId: string; weightPpm: number }

/**
 * Compares settled weights with recomputed ones: same top-k set, every weight within
 * `tolerancePpm`. The offending contribution is the one overpaid the most (settled − recomputed),
 * ties to the smaller id: the beneficiary of a manipulation, not its collateral.
 *
 * @example
 * compareWeights([{ contributionId: '7', weightPpm: 600_000 }], [{ contributionId: '7', weightPpm: 599_990 }], 1000).check.ok // true
 */
export function compareWeights(
  settled: readonly Weight[],
  recomputed: readonly Weight[],
  tolerancePpm: number,
): { check: AuditCheck; maxDeviationPpm: number; offendingContributionId?: string } {
  const s = new Map(settled.map((w) => [w.contributionId, w.weightPpm]))
  const r = new Map(recomputed.map((w) => [w.contributionId, w.weightPpm]))
  const ids = [...new Set([...s.keys(), ...r.keys()])].sort(
    (a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
  )
  let maxDeviationPpm = 0
  let offender: { id: string; over: number } | undefined
  for (const id of ids) {
    const over = (s.get(id) ?? 0) - (r.get(id) ?? 0)
    maxDeviationPpm = Math.max(maxDeviationPpm, Math.abs(over))
    const wrong = !s.has(id) || !r.has(id) || Math.abs(over) > tolerancePpm
    if (wrong && (!offender || over > offender.over)) offender = { id, over }
  }
  const sameSet = settled.length === recomputed.length && settled.every((w) => r.has(w.contributionId))
  if (!offender) return { check: { name: 'weights', ok: true }, maxDeviationPpm }
  const detail = sameSet
    ? `weights deviate by up to ${maxDeviationPpm} ppm (tolerance ${tolerancePpm}); contribution ${offender.id} overpaid by ${offender.over} ppm`
    : `top-k set differs from the recomputation; contribution ${offender.id} ${offender.over > 0 ? `overpaid by ${offender.over} ppm` : `underpaid by ${-offender.over} ppm`}`
  return {
    check: { name: 'weights', ok: false, detail },
    maxDeviationPpm,
    offendingContributionId: offender.id,
  }
}
