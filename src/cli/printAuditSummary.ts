import type { AuditReport } from '../audit/auditTypes'

/**
 * Prints `audit`'s summary: the count per status and the device, mismatches per validator, and the
 * first 20 reports that did not verify with their reason.
 *
 * @example
 * const { reports, seconds } = await auditOnce(opts)
 * printAuditSummary(reports, seconds)
 */
export function printAuditSummary(
  reports: readonly AuditReport[],
  seconds: number,
  log: (line: string) => void = console.log,
): void {
  const count = (s: string) => reports.filter((r) => r.status === s).length
  log(
    `[audit] ${reports.length} audited in ${seconds.toFixed(1)} s: ${count('VERIFIED')} VERIFIED, ${count('MISMATCH')} MISMATCH, ${count('UNVERIFIABLE')} UNVERIFIABLE (device ${reports.find((r) => r.device)?.device ?? 'none'})`,
  )
  const byValidator = new Map<string, { total: number; bad: number }>()
  for (const r of reports) {
    const v = byValidator.get(r.validator) ?? { total: 0, bad: 0 }
    v.total++
    if (r.status === 'MISMATCH') v.bad++
    byValidator.set(r.validator, v)
  }
  for (const [validator, v] of byValidator)
    log(`[audit]   validator ${validator}: ${v.bad}/${v.total} mismatched`)
  for (const r of reports.filter((x) => x.status !== 'VERIFIED').slice(0, 20))
    log(
      `[audit]   inference ${r.inferenceId}: ${r.status} — ${r.reason}${r.offendingContributionId ? ` (contribution ${r.offendingContributionId})` : ''}`,
    )
}
