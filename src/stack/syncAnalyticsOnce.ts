import pg from 'pg'
import { openAnalyticsStore } from '../analytics/openAnalyticsStore'
import { type SyncResult, syncAnalytics } from '../analytics/syncAnalytics'
import type { Config } from '../config'
import { startDatabase } from '../db'

export type SyncAnalyticsOnceOptions = {
  /** The PostgreSQL to read (the embedded one is started for the round, an external one connected to). */
  config: Pick<Config, 'database'>
  /** The DuckDB file. */
  file: string
  /** Rebuild every table from scratch. @default false */
  full?: boolean
}

/**
 * `openledger analytics sync`: one sync round from PostgreSQL into the DuckDB store at `file`
 * ({@link syncAnalytics}), outside `start`: the store opened, the database started, the round run,
 * then the pool, the database and the store closed, in that order, whatever happened.
 *
 * @throws {AnalyticsOpenError} the file cannot be opened (another process, a running `start`, holds it).
 * @example
 * const { path, result } = await syncAnalyticsOnce({ config, file: '.data/analytics.duckdb' })
 * console.log(`${path}: ${result.mode} sync to block ${result.height}`)
 */
export async function syncAnalyticsOnce(
  opts: SyncAnalyticsOnceOptions,
): Promise<{ path: string; result: SyncResult }> {
  const store = await openAnalyticsStore(opts.file)
  const db = await startDatabase(opts.config.database)
  const pool = new pg.Pool({ ...db.settings, max: 1 })
  // An idle connection that breaks would otherwise be an uncaught 'error' event; the round's own
  // query fails with the cause instead.
  pool.on('error', () => {})
  try {
    return { path: store.path, result: await syncAnalytics(store, pool, { full: opts.full }) }
  } finally {
    await pool.end()
    await db.stop()
    store.close()
  }
}
