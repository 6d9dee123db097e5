import type { Command } from 'commander'
import { exportParquet } from '../analytics/exportParquet'
import { openAnalyticsStore } from '../analytics/openAnalyticsStore'
import { readSyncState } from '../analytics/syncState'
import { loadConfig } from '../config'
import { setAnalyticsCapture } from '../stack/setAnalyticsCapture'
import { syncAnalyticsOnce } from '../stack/syncAnalyticsOnce'

type CommonFlags = { file?: string }

/**
 * Registers `analytics` with `sync` (one round from PostgreSQL into the DuckDB store, `--full`
 * rebuilds), `export --parquet DIR` (every table as Parquet, partitioned by day), `status`, and
 * `disable` / `enable` (drop the change capture from PostgreSQL so the indexer pays nothing).
 * The store is one process's at a time: while `start` runs, it holds the file.
 *
 * @example
 * registerAnalytics(program) // then: openledger analytics export --parquet out/
 */
export function registerAnalytics(program: Command): void {
  const analytics = program
    .command('analytics')
    .description('the DuckDB analytics store: sync it from PostgreSQL, export it to Parquet, show its state')
  const fileOption = [
    '--file <path>',
    'DuckDB file (default: ANALYTICS_DB or DATA_DIR/analytics.duckdb)',
  ] as const

  analytics
    .command('sync')
    .description('one sync round from PostgreSQL (the whole tables the first time, then only changes)')
    .option(...fileOption)
    .option('--full', 'rebuild every table from scratch', false)
    .option(
      '--db-url <url>',
      'external PostgreSQL URL (default: DB_URL / DB_*, else embedded under DATA_DIR)',
    )
    .action(async (flags: CommonFlags & { full: boolean; dbUrl?: string }) => {
      const config = loadConfig(process.env, {
        database: flags.dbUrl ? { kind: 'external', url: flags.dbUrl } : undefined,
      })
      const { path, result: r } = await syncAnalyticsOnce({
        config,
        file: flags.file ?? config.analyticsPath,
        full: flags.full,
      })
      console.log(
        `${path}: ${r.mode} sync to block ${r.height ?? '-'}: ${r.rows} rows (${r.changes} changes, ${r.tables.length} tables) in ${r.ms} ms`,
      )
    })

  analytics
    .command('export')
    .description(
      'write every table as Parquet under DIR/<table>/ (day=YYYY-MM-DD/ partitions where it has a time)',
    )
    .requiredOption('--parquet <dir>', 'target directory (must not exist or be empty)')
    .option(...fileOption)
    .action(async (flags: CommonFlags & { parquet: string }) => {
      const store = await openAnalyticsStore(flags.file ?? loadConfig(process.env).analyticsPath)
      try {
        const r = await exportParquet(store, flags.parquet)
        const rows = Object.values(r.tables).reduce((a, b) => a + b, 0)
        console.log(
          `${r.dir}: ${Object.keys(r.tables).length} tables, ${rows} rows at block ${r.height ?? '-'} (read with read_parquet('${r.dir}/<table>/**/*.parquet', hive_partitioning = true))`,
        )
      } finally {
        store.close()
      }
    })

  analytics
    .command('status')
    .description('the height and time of the last sync the store holds')
    .option(...fileOption)
    .action(async (flags: CommonFlags) => {
      const store = await openAnalyticsStore(flags.file ?? loadConfig(process.env).analyticsPath)
      try {
        const s = await readSyncState(store.connection)
        console.log(
          s
            ? `${store.path}: block ${s.height ?? '-'}, synced ${s.syncedAt}, ${s.rowsApplied} rows applied so far`
            : `${store.path}: never synced (run: openledger analytics sync)`,
        )
      } finally {
        store.close()
      }
    })

  for (const [name, description] of [
    [
      'disable',
      'turn the analytics off in the database: drop the change-capture triggers and the change log (the indexer pays nothing); start then syncs nothing',
    ],
    ['enable', 'turn the analytics on again (the next sync rebuilds the store)'],
  ] as const)
    analytics
      .command(name)
      .description(description)
      .option(
        '--db-url <url>',
        'external PostgreSQL URL (default: DB_URL / DB_*, else embedded under DATA_DIR)',
      )
      .action(async (flags: { dbUrl?: string }) => {
        const config = loadConfig(process.env, {
          database: flags.dbUrl ? { kind: 'external', url: flags.dbUrl } : undefined,
        })
        const r = await setAnalyticsCapture({ config, action: name })
        if (r.action === 'disable')
          console.log(
            `analytics disabled: change capture dropped from ${r.tables} tables, ${r.changes} unapplied changes discarded (openledger analytics enable turns it on again)`,
          )
        else
          console.log(
            r.wasDisabled
              ? 'analytics enabled: the next sync installs the change capture and rebuilds the store'
              : 'analytics were not disabled',
          )
      })
}
