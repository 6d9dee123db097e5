import fs from 'node:fs'
import path from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { AnalyticsOpenError } from './errors'

/** An open analytics store: DuckDB with the mirrored entity tables in its `main` schema. */
export type AnalyticsStore = {
  /** The DuckDB file (or `:memory:`). */
  path: string
  /** Random id made with the file: PostgreSQL's change log records which store consumes it. */
  id: string
  instance: DuckDBInstance
  /** A connection of its own for the sync (one writer); queries open theirs. */
  connection: DuckDBConnection
  /** Closes this store's connection; the instance closes when the last user lets it go. */
  close(): void
}

/** DuckDB schema of the sync's own bookkeeping, apart from the mirrored tables in `main`. */
export const META_SCHEMA = '_openledger'

/**
 * Opens (creating it and its directory if needed) the DuckDB analytics store. Within one process
 * the same file gives the same DuckDB instance (`DuckDBInstance.fromCache`), so the sync, the API
 * and a query share it; another process cannot open it while this one holds it (DuckDB's lock).
 * Sessions run in UTC, so timestamps print as they do from PostgreSQL.
 *
 * @throws {AnalyticsOpenError} when the file is locked by another process or is not a DuckDB file.
 * @example
 * const store = await openAnalyticsStore(config.analyticsPath)
 * console.log(await queryAnalytics(store, 'SELECT count(*) AS n FROM inference'))
 * store.close()
 */
export async function openAnalyticsStore(file: string): Promise<AnalyticsStore> {
  const resolved = file === ':memory:' ? file : path.resolve(file)
  try {
    if (resolved !== ':memory:') fs.mkdirSync(path.dirname(resolved), { recursive: true })
    const instance = await DuckDBInstance.fromCache(resolved)
    const connection = await instance.connect()
    await connection.run(`SET GLOBAL TimeZone = 'UTC'`)
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`)
    await connection.run(`CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.store (id VARCHAR NOT NULL)`)
    await connection.run(
      `INSERT INTO ${META_SCHEMA}.store SELECT uuid()::VARCHAR WHERE NOT EXISTS (FROM ${META_SCHEMA}.store)`,
    )
    const id = String(
      (await connection.runAndReadAll(`SELECT id FROM ${META_SCHEMA}.store`)).getRows()[0]?.[0],
    )
    return {
      path: resolved,
      id,
      instance,
      connection,
      close: () => connection.closeSync(),
    }
  } catch (err) {
    throw new AnalyticsOpenError(resolved, { cause: err })
  }
}
