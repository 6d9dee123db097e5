import type { Pool } from 'pg'
import { TRACIN_METHOD } from '../attribution/modelPackage'
import { keccak256Hex } from '../crypto/keccak256Bytes'
import { tables } from '../db/tables/entityTables'
import { handWrittenSql } from '../db/tables/handWrittenSql'
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
    return valuesTuple(i)
  })
  await pool.query(upsertAuditReportsSql(tuples), values)
}

const R = tables.auditReport.columns
/** The columns each report's tuple fills, in order (`id` is the inference id). */
const COLUMNS = [
  R.id,
  R.inference,
  R.status,
  R.reason,
  R.maxDeviationPpm,
  R.firstOffendingContribution,
  R.device,
  R.reportHash,
  R.method,
  R.createdAt,
  R.details,
]
/** Columns a new report replaces: all but the id, the inference and the method of the first one. */
const UPDATED = COLUMNS.filter((c) => c !== R.id && c !== R.inference && c !== R.method)

/** Placeholders of the `i`-th report's tuple. */
function valuesTuple(i: number): string {
  const b = i * COLUMNS.length
  return `(${COLUMNS.map((_, j) => `$${b + j + 1}${j === COLUMNS.length - 1 ? '::jsonb' : ''}`).join(', ')})`
}

/** The upsert of the reports whose placeholders are `tuples`. */
function upsertAuditReportsSql(tuples: readonly string[]): string {
  return `INSERT INTO ${tables.auditReport.name} (${COLUMNS.join(', ')})
     VALUES ${tuples.join(', ')}
     ON CONFLICT (${R.id}) DO UPDATE SET ${UPDATED.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`
}

handWrittenSql('audit.upsertReports', upsertAuditReportsSql([valuesTuple(0)]))
