import { setTimeout as sleep } from 'node:timers/promises'
import type pg from 'pg'
import { AnalyticsDisabledError } from '../analytics/errors'
import { openAnalyticsStore } from '../analytics/openAnalyticsStore'
import { type SyncResult, syncAnalytics } from '../analytics/syncAnalytics'
import type { Part } from './superviseParts'

export type AnalyticsPartOptions = {
  /** The DuckDB file (`config.analyticsPath`). */
  file: string
  pool: pg.Pool
  /** Pause between sync rounds. @default 1000 ms */
  intervalMs?: number
  /** Pause between checks while the analytics are disabled. @default 10000 ms */
  disabledCheckMs?: number
  log: (line: string) => void
}

/**
 * The DuckDB analytics sync as a supervised part: a round every `intervalMs` while the stack
 * runs (the first one copies every table, later ones only the change log). A failing round
 * (PostgreSQL away, DuckDB file locked by another process) fails the part; the supervisor
 * restarts it with backoff while the indexer and the API keep going, and the next round
 * resumes from what DuckDB committed last. While `analytics disable` is in force the part
 * only checks, every `disabledCheckMs`, whether it was enabled again.
 *
 * @example
 * supervisor.add(analyticsPart({ file: config.analyticsPath, pool, log }))
 */
export function analyticsPart(opts: AnalyticsPartOptions): Part {
  return {
    name: 'analytics',
    async run(signal) {
      const store = await openAnalyticsStore(opts.file)
      try {
        let first = true
        let disabled = false
        while (!signal.aborted) {
          const r = await syncAnalytics(store, opts.pool).catch((e: unknown) => {
            if (!(e instanceof AnalyticsDisabledError)) throw e
          })
          if (!r !== disabled) {
            disabled = !r
            if (disabled) opts.log(`disabled in this database (openledger analytics enable turns it on)`)
          }
          // Quiet in steady state: the first round, and any that copied whole tables or took long.
          if (r && (first || r.mode === 'full' || r.ms > 5000)) opts.log(describeRound(r, store.path))
          if (r) first = false
          const pause = r ? (opts.intervalMs ?? 1000) : (opts.disabledCheckMs ?? 10_000)
          await sleep(pause, undefined, { signal }).catch(() => {})
        }
      } finally {
        store.close()
      }
    },
  }
}

function describeRound(r: SyncResult, file: string): string {
  const rate = r.ms > 0 ? ` (${Math.round((r.rows * 1000) / r.ms)} rows/s)` : ''
  return `${file} at block ${r.height ?? '-'}: ${r.mode} sync of ${r.rows} rows in ${r.ms} ms${rate}${
    r.overflowValues > 0 ? `; ${r.overflowValues} amounts beyond HUGEINT kept as text` : ''
  }`
}
