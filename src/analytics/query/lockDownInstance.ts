import type { DuckDBConnection } from '@duckdb/node-api'

/**
 * Closes an instance's doors for the rest of its life: no file, URL or network access
 * (`enable_external_access=false`: read_csv, COPY, ATTACH, INSTALL/LOAD and replacement scans
 * fail with a Permission Error; the database file itself stays open) and no configuration
 * changes (`lock_configuration=true`: SET/RESET fail). Instance-wide and one-way: call it only on
 * an instance that serves queries and needs no files afterwards (export to Parquet runs on an
 * instance of its own). The query guard holds without it; this is the second wall.
 *
 * @example
 * const conn = await instance.connect()
 * await lockDownInstance(conn)
 */
export async function lockDownInstance(connection: DuckDBConnection): Promise<void> {
  await connection.run('SET enable_external_access = false')
  await connection.run('SET lock_configuration = true')
}
