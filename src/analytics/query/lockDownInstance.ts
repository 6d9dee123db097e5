import type { DuckDBConnection } from '@duckdb/node-api'

/** How far {@link lockDownInstance} closes an instance. */
export type LockDownOptions = {
  /**
   * Directories the instance's own work still reads and writes once external access is off (the
   * sync's staging directory, `<store>.sync/`). Queries cannot reach them: the guard refuses every
   * file function whatever the path. @default none
   */
  allowedDirectories?: string[]
  /**
   * Also refuse every SET/RESET on the instance (`lock_configuration`). Leave off where another
   * part still sets options on the same instance (openAnalyticsStore sets the time zone on each
   * open); the guard refuses SET statements from queries either way. @default true
   */
  lockConfiguration?: boolean
}

/**
 * Closes an instance's doors for the rest of its life: no file, URL or network access outside
 * `allowedDirectories` (`enable_external_access=false`: read_csv, COPY, ATTACH, INSTALL/LOAD and
 * replacement scans fail with a Permission Error; the database file itself stays open; DuckDB
 * refuses to turn it back on or to widen the allowed directories afterwards) and, unless told
 * otherwise, no configuration changes (`lock_configuration=true`). Instance-wide and one-way:
 * Parquet export must run on an instance of its own. The query guard holds without it; this is
 * the second wall.
 *
 * @example
 * await lockDownInstance(conn) // a query-only instance
 * await lockDownInstance(conn, { allowedDirectories: [`${store.path}.sync/`], lockConfiguration: false }) // shared with the sync
 */
export async function lockDownInstance(
  connection: DuckDBConnection,
  opts: LockDownOptions = {},
): Promise<void> {
  // Idempotent: an API restarted in the same process finds the shared instance already closed
  // (and DuckDB would refuse to set allowed_directories again).
  const [external, locked] = (
    await connection.runAndReadAll(
      "SELECT current_setting('enable_external_access'), current_setting('lock_configuration')",
    )
  ).getRowsJson()[0]
  if (locked === true) return
  const dirs = opts.allowedDirectories ?? []
  if (external !== false) {
    if (dirs.length)
      await connection.run(
        `SET allowed_directories = [${dirs.map((d) => `'${d.replaceAll("'", "''")}'`).join(', ')}]`,
      )
    await connection.run('SET enable_external_access = false')
  }
  if (opts.lockConfiguration !== false) await connection.run('SET lock_configuration = true')
}
