import type { AuditReport, AuditStatus, LevelReport, SettlementRecord } from './auditTypes'
import { checkLineage } from './checkLineage'

/** The level a record expanded from a lineage settlement stands for (see {@link expandLineage}). */
const LEVELS = new WeakMap<SettlementRecord, { level: number; kept: bigint; paid: bigint }>()

/**
 * The level of a lineage settlement that `record` (one of {@link expandLineage}'s records) audits,
 * or undefined for a whole settlement.
 *
 * @example
 * const level = lineageLevelOf(record) // { level: 1, kept: 100n, paid: 100n }
 */
export function lineageLevelOf(record: SettlementRecord) {
  return LEVELS.get(record)
}

/**
 * Turns each lineage settlement into one record per level (that level's model version, training
 * set and rewards, the same input), so every level is recomputed like a settlement of its own,
 * batched with the other settlements of its model version; `merge` folds the level reports back
 * into one report per input record, with the checks only the whole settlement can make.
 *
 * @example
 * const { flat, merge } = expandLineage(records)
 * const reports = merge(await auditFlat(flat))
 */
export function expandLineage(records: readonly SettlementRecord[]): {
  flat: SettlementRecord[]
  merge(reports: readonly AuditReport[]): AuditReport[]
} {
  const flat: SettlementRecord[] = []
  for (const record of records) {
    if (!record.lineage) {
      flat.push(record)
      continue
    }
    for (const lv of record.lineage.levels) {
      const sub: SettlementRecord = {
        ...record,
        modelId: lv.modelId,
        modelVersion: lv.modelVersion,
        artifactHash: lv.artifactHash,
        attributionMethod: lv.attributionMethod,
        trainedOn: lv.trainedOn,
        rewards: lv.rewards,
        lineage: undefined,
      }
      LEVELS.set(sub, { level: lv.level, kept: lv.kept, paid: lv.paid })
      flat.push(sub)
    }
  }
  return {
    flat,
    merge(reports) {
      const out: AuditReport[] = []
      let i = 0
      for (const record of records) {
        const n = record.lineage?.levels.length
        if (!n) {
          out.push(reports[i++])
          continue
        }
        out.push(mergeLevels(record, reports.slice(i, i + n)))
        i += n
      }
      return out
    },
  }
}

const RANK: Record<AuditStatus, number> = { VERIFIED: 0, UNVERIFIABLE: 1, MISMATCH: 2 }

/**
 * One report for a lineage settlement: MISMATCH if any level or whole-settlement check is, else the
 * worst level. Level 0 is the settled version itself, so its reason reads as a plain settlement's;
 * a base level's is prefixed `level L: `.
 */
function mergeLevels(record: SettlementRecord, levels: readonly AuditReport[]): AuditReport {
  const [own] = levels
  const whole = checkLineage(record)
  const failedWhole = whole.find((c) => !c.ok)
  const levelReports: LevelReport[] = levels.map((r, l) => ({
    level: l,
    modelId: r.modelId,
    modelVersion: r.modelVersion,
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.maxDeviationPpm !== undefined ? { maxDeviationPpm: r.maxDeviationPpm } : {}),
    ...(r.offendingContributionId ? { offendingContributionId: r.offendingContributionId } : {}),
    settled: r.settled,
    ...(r.recomputed ? { recomputed: r.recomputed } : {}),
  }))
  const worst = levelReports.reduce((a, b) => (RANK[b.status] > RANK[a.status] ? b : a))
  const status: AuditStatus = failedWhole ? 'MISMATCH' : worst.status
  const reason = failedWhole
    ? (failedWhole.detail ?? failedWhole.name)
    : worst.reason && worst.level > 0
      ? `level ${worst.level}: ${worst.reason}`
      : worst.reason
  const offending = levelReports.find((r) => r.status === 'MISMATCH' && r.offendingContributionId)
  const deviations = levelReports.flatMap((r) => (r.maxDeviationPpm === undefined ? [] : [r.maxDeviationPpm]))
  const report: AuditReport = {
    ...own,
    modelId: record.modelId.toString(),
    modelVersion: record.modelVersion,
    status,
    checks: [
      ...whole,
      ...levels.flatMap((r, l) => r.checks.map((c) => ({ ...c, name: `level ${l} ${c.name}` }))),
    ],
    levels: levelReports,
  }
  delete report.reason
  delete report.maxDeviationPpm
  delete report.offendingContributionId
  if (status !== 'VERIFIED' && reason) report.reason = reason
  if (deviations.length) report.maxDeviationPpm = Math.max(...deviations)
  if (!failedWhole && offending?.offendingContributionId)
    report.offendingContributionId = offending.offendingContributionId
  return report
}
