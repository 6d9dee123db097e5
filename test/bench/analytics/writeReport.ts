import fs from 'node:fs'
import path from 'node:path'
import type { SyncResult } from '../../../src/analytics'

/** One query timed on both engines (median ms of the measured runs, after a warm-up). */
export type QueryTiming = {
  name: string
  filter: string
  duckdb: { median: number; rows: number; runs: number }
  postgres: { median: number; rows: number; runs: number } | { error: string; timeoutMs?: number }
}

/** Everything one benchmark run measured. */
export type BenchReport = {
  at: string
  machine: string
  load: { start: number[]; end: number[] }
  scale: number
  rows: Record<string, number>
  querySource: string
  /** Absent when the run timed only the queries (--skip-sync). */
  sync?: { initial: SyncResult; incremental: SyncResult; added: number }
  sizes: { tables: number; duckdbBytes: number; pgTotalBytes: number; pgTableBytes: number }
  timings: QueryTiming[]
}

const TARGET_MS = 200
const TARGET_SPEEDUP = 10
const TARGET_SYNC_ROWS_PER_S = 200_000

/**
 * Writes `analytics.json` (everything) and `analytics.md` (tables with the targets checked) to
 * `dir`.
 *
 * @example
 * writeReport('test/bench/results', report)
 */
export function writeReport(dir: string, r: BenchReport): void {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'analytics.json'), `${JSON.stringify(r, null, 2)}\n`)
  fs.writeFileSync(path.join(dir, 'analytics.md'), markdown(r))
}

const n = (x: number) => Math.round(x).toLocaleString('en-US')
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : n(x))

function syncLines({ initial, incremental, added }: NonNullable<BenchReport['sync']>): string[] {
  const perS = (s: SyncResult) => s.rows / (s.ms / 1000)
  return [
    '## Sync (src/analytics syncAnalytics: COPY out of PostgreSQL, read_csv into DuckDB, then the rollups)',
    '',
    'Rows are the mirrored rows copied; the time is the whole round, the rollup tables included (their part in brackets).',
    '',
    '| round | rows | time | rows/s | target |',
    '|---|---:|---:|---:|---|',
    `| from an empty DuckDB (${initial.tables.length} tables) | ${n(initial.rows)} | ${(initial.ms / 1000).toFixed(1)} s (rollups ${(initial.rollupMs / 1000).toFixed(1)} s) | ${n(perS(initial))} | ≥ ${n(TARGET_SYNC_ROWS_PER_S)}: ${perS(initial) >= TARGET_SYNC_ROWS_PER_S ? 'met' : 'MISSED'} |`,
    `| incremental, after 1 % more history (${n(added)} rows written) | ${n(incremental.rows)} | ${ms(incremental.ms)} ms (rollups ${ms(incremental.rollupMs)} ms) | ${n(perS(incremental))} | — |`,
    '',
  ]
}

function markdown(r: BenchReport): string {
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`
  const lines = [
    '# Analytics benchmark: DuckDB store vs PostgreSQL',
    '',
    `${r.at} · ${r.machine} · scale ${r.scale} · ${Object.entries(r.rows)
      .map(([t, c]) => `${n(c)} ${t}`)
      .join(', ')}`,
    `load average (1/5/15 min) at start ${r.load.start.map((x) => x.toFixed(2)).join(' / ')}, at end ${r.load.end.map((x) => x.toFixed(2)).join(' / ')}`,
    '',
    ...(r.sync
      ? syncLines(r.sync)
      : [
          '## Sync',
          '',
          'Not measured in this run (--skip-sync: the queries ran on the file an earlier run synced).',
          '',
        ]),
    '## Size',
    '',
    '| | bytes | |',
    '|---|---:|---|',
    `| DuckDB file (${r.sizes.tables} tables, after CHECKPOINT) | ${mib(r.sizes.duckdbBytes)} | |`,
    `| PostgreSQL, the same tables with TOAST and indexes | ${mib(r.sizes.pgTotalBytes)} | DuckDB ${(r.sizes.duckdbBytes / r.sizes.pgTotalBytes).toFixed(2)}x: ${r.sizes.duckdbBytes <= r.sizes.pgTotalBytes ? 'met' : 'MISSED'} |`,
    `| PostgreSQL, the same tables without indexes | ${mib(r.sizes.pgTableBytes)} | DuckDB ${(r.sizes.duckdbBytes / r.sizes.pgTableBytes).toFixed(2)}x |`,
    '',
    `## Dashboard queries (${r.querySource}; median of up to 5 runs after a warm-up)`,
    '',
    `Targets: DuckDB under ${TARGET_MS} ms and at least ${TARGET_SPEEDUP}x faster than PostgreSQL. DuckDB runs the dashboards as the product does`,
    "(over the rollup tables the sync keeps); PostgreSQL answers the same question from the indexer's tables with",
    '`test/bench/analytics/direct/*.sql` (the dashboards as they were before the rollups: same filters, same result rows;',
    "PostgreSQL gets an `//` integer-division operator, `json_extract_string` and `epoch_ms` defined for the run, the product's",
    'indexes, parallel workers on). "> N (stopped)": the statement ran past the benchmark\'s PostgreSQL timeout.',
    'Filters: `model 7`, `one week` (2026-03-01 to 03-08) and `datanet 3` run only the queries whose SQL takes that parameter.',
    '',
    '| query | filter | rows | DuckDB ms | PostgreSQL ms | speed-up | < 200 ms | ≥ 10x |',
    '|---|---|---:|---:|---:|---:|---|---|',
    ...r.timings.map((t) => {
      const pgMs = 'median' in t.postgres ? t.postgres.median : undefined
      // A PostgreSQL statement stopped by the benchmark's timeout took at least that long.
      const floor = 'timeoutMs' in t.postgres ? t.postgres.timeoutMs : undefined
      const speed = pgMs === undefined ? undefined : pgMs / t.duckdb.median
      const pgCell =
        pgMs !== undefined
          ? ms(pgMs)
          : floor !== undefined
            ? `> ${ms(floor)} (stopped)`
            : `error: ${'error' in t.postgres ? t.postgres.error : ''}`
      const speedCell =
        speed !== undefined
          ? `${speed.toFixed(1)}x`
          : floor !== undefined
            ? `> ${(floor / t.duckdb.median).toFixed(0)}x`
            : '—'
      const speedMet =
        speed !== undefined
          ? speed >= TARGET_SPEEDUP
          : floor !== undefined
            ? floor / t.duckdb.median >= TARGET_SPEEDUP
            : undefined
      return `| ${t.name} | ${t.filter} | ${n(t.duckdb.rows)} | ${ms(t.duckdb.median)} | ${pgCell} | ${speedCell} | ${t.duckdb.median < TARGET_MS ? 'yes' : 'NO'} | ${speedMet === undefined ? '—' : speedMet ? 'yes' : 'NO'} |`
    }),
    '',
  ]
  return lines.join('\n')
}
