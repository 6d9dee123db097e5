import { setTimeout as sleep } from 'node:timers/promises'
import type pg from 'pg'
import { openAnalyticsStore } from '../analytics/openAnalyticsStore'
import { type SyncResult, syncAnalytics } from '../analytics/syncAnalytics'
import type { Part } from './superviseParts'

export type AnalyticsPartOptions = {
  /** The DuckDB file (`config.analyticsPath`). */
  file: string
  pool: pg.Pool
  /** Pause between sync rounds. @default 1000 ms */
  intervalMs?: number
  log: (line: string) => void
}

/**
 * The DuckDB analytics sync as a supervised part: a round every `intervalMs` while the stack
 * runs (the first one copies every table, later ones only the change log). A failing round
 * (PostgreSQL away, DuckDB file locked by another process) fails the part; the supervisor
 * restarts it with backoff while the indexer and the API keep going, and the next round
 * resumes from what DuckDB committed last.
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
        while (!signal.aborted) {
          const r = await syncAnalytics(store, opts.pool)
          // Quiet in steady state: the first round, and any that copied whole tables or took long.
          if (first || r.mode === 'full' || r.ms > 5000) opts.log(describeRound(r, store.path))
          first = false
          await sleep(opts.intervalMs ?? 1000, undefined, { signal }).catch(() => {})
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
