import type { Pool } from 'pg'
import { TRACIN_METHOD } from '../attribution/modelPackage'
import { keccak256Hex } from '../crypto/keccak256Bytes'
import type { AuditReport } from './auditTypes'
import { reportBytes } from './evidence'

/**
 * Upserts one `audit_report` row per report (id = inference id), so GraphQL serves audits next to
 * settlements. The auditor owns these rows; the processor never writes them.
 *
 * @example
 * await storeAuditReports(pool, reports)
 */
export async function storeAuditReports(pool: Pool, reports: readonly AuditReport[]): Promise<void> {
  if (reports.length === 0) return
  const now = new Date()
  const values: unknown[] = []
  const tuples = reports.map((r, i) => {
    values.push(
      r.inferenceId,
      r.inferenceId,
      r.status,
      r.reason ?? null,
      r.maxDeviationPpm ?? null,
      r.offendingContributionId ?? null,
      r.device ?? null,
      keccak256Hex(reportBytes(r)),
      TRACIN_METHOD,
      now,
      JSON.stringify({
        checks: r.checks,
        settled: r.settled,
        recomputed: r.recomputed ?? null,
        validator: r.validator,
      }),
    )
    const b = i * 11
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10}, $${b + 11}::jsonb)`
  })
  await pool.query(
    `INSERT INTO audit_report (id, inference_id, status, reason, max_deviation_ppm, first_offending_contribution,
                               device, report_hash, method, created_at, details)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
       max_deviation_ppm = EXCLUDED.max_deviation_ppm, first_offending_contribution = EXCLUDED.first_offending_contribution,
       device = EXCLUDED.device, report_hash = EXCLUDED.report_hash, created_at = EXCLUDED.created_at, details = EXCLUDED.details`,
    values,
  )
}
