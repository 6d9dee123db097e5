import { setTimeout as sleep } from 'node:timers/promises'
import type { Pool } from 'pg'
import type { LocalAccount } from 'viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import type { ModelScorerCache } from '../attribution/modelScorer'
import { auditSettlements } from './auditSettlements'
import type { AuditReport } from './auditTypes'
import { type EvidenceChain, evidenceWriter } from './evidence'
import { loadSettlementsFromDb } from './loadSettlementsFromDb'
import { storeAuditReports } from './storeAuditReports'

export type AuditorOptions = {
  pool: Pool
  store: ArtifactStore
  scorers: ModelScorerCache
  /** Stops the loop after the current batch. */
  signal: AbortSignal
  /** Signs evidence files written to `evidenceDir` about `chain` (all three or none). */
  account?: LocalAccount
  evidenceDir?: string
  chain?: EvidenceChain
  /** Pause when nothing is left to audit. @default 2000 ms */
  intervalMs?: number
  /** Settlements per batch (one scorer run per model version). @default 512 */
  batchSize?: number
  log?: (line: string) => void
  /** Called after each batch with its reports. */
  onReports?: (reports: AuditReport[]) => void
}

/**
 * The continuous auditor next to the processor: audits every finalized settlement that has no
 * report yet, stores the reports in the database (and signed evidence files), then waits for more.
 *
 * @example
 * const stop = new AbortController()
 * const done = runAuditor({ pool, store, scorers, signal: stop.signal })
 */
export async function runAuditor(opts: AuditorOptions): Promise<void> {
  const log = opts.log ?? (() => {})
  // Sealed versions already proven against the index stay proven for the life of the loop.
  const bindings: NonNullable<Parameters<typeof auditSettlements>[1]['bindings']> = new Map()
  const writeEvidence =
    opts.account && opts.evidenceDir && opts.chain
      ? evidenceWriter({ store: opts.store, account: opts.account, dir: opts.evidenceDir, chain: opts.chain })
      : undefined
  while (!opts.signal.aborted) {
    const { records, contributionsOf } = await loadSettlementsFromDb(opts.pool, {
      limit: opts.batchSize ?? 512,
    })
    if (records.length === 0) {
      await sleep(opts.intervalMs ?? 2000, undefined, { signal: opts.signal }).catch(() => {})
      continue
    }
    const started = Date.now()
    const reports = await auditSettlements(records, {
      store: opts.store,
      scorers: opts.scorers,
      contributionsOf,
      bindings,
    })
    await storeAuditReports(opts.pool, reports)
    if (writeEvidence)
      for (const [i, report] of reports.entries()) await writeEvidence(records[i], report, contributionsOf)
    const count = (s: string) => reports.filter((r) => r.status === s).length
    log(
      `audited ${reports.length} settlements in ${((Date.now() - started) / 1000).toFixed(1)} s: ${count('VERIFIED')} VERIFIED, ${count('MISMATCH')} MISMATCH, ${count('UNVERIFIABLE')} UNVERIFIABLE`,
    )
    opts.onReports?.(reports)
  }
}
