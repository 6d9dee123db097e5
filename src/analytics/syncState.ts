import type { DuckDBConnection } from '@duckdb/node-api'
import { META_SCHEMA } from './openAnalyticsStore'
import { literal } from './sqlNames'

/** What DuckDB holds, committed with the rows it describes. */
export type SyncState = {
  /** Capture epoch of the PostgreSQL database synced from (another epoch: rebuild). */
  epoch: string
  /** Fingerprint of the mirrored schema (another schema: rebuild). */
  schemaHash: string
  /** Processor height (finalized or hot) in the PostgreSQL snapshot the rows come from. */
  height: number | null
  /** ISO time of the sync that committed this state. */
  syncedAt: string
  /** Rows written into DuckDB by all syncs so far. */
  rowsApplied: number
  /** `numeric` values in the store beyond HUGEINT (text in `<column>__overflow`). */
  overflowValues: number
}

const TABLE = `${META_SCHEMA}.sync_state`

/**
 * The sync state committed in DuckDB, or undefined before the first complete sync.
 *
 * @example
 * const state = await readSyncState(store.connection)
 */
export async function readSyncState(conn: DuckDBConnection): Promise<SyncState | undefined> {
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (epoch VARCHAR, schema_hash VARCHAR, height INTEGER, synced_at TIMESTAMPTZ, rows_applied BIGINT)`,
  )
  await conn.run(`ALTER TABLE ${TABLE} ADD COLUMN IF NOT EXISTS overflow_values BIGINT DEFAULT 0`)
  const r = await conn.runAndReadAll(
    `SELECT epoch, schema_hash, height, CAST(synced_at AS VARCHAR), CAST(rows_applied AS DOUBLE), CAST(overflow_values AS DOUBLE) FROM ${TABLE}`,
  )
  const row = r.getRows()[0]
  if (!row) return undefined
  return {
    epoch: String(row[0]),
    schemaHash: String(row[1]),
    height: row[2] === null ? null : Number(row[2]),
    syncedAt: String(row[3]),
    rowsApplied: Number(row[4]),
    overflowValues: Number(row[5]),
  }
}

/**
 * Replaces the sync state; run inside the transaction that applies the rows.
 *
 * @example
 * await writeSyncState(conn, { epoch, schemaHash, height: 120, syncedAt: new Date().toISOString(), rowsApplied: 10, overflowValues: 0 })
 */
export async function writeSyncState(conn: DuckDBConnection, s: SyncState): Promise<void> {
  await conn.run(`DELETE FROM ${TABLE}`)
  await conn.run(
    `INSERT INTO ${TABLE} (epoch, schema_hash, height, synced_at, rows_applied, overflow_values) VALUES (${literal(s.epoch)}, ${literal(s.schemaHash)}, ${s.height ?? 'NULL'}, ${literal(s.syncedAt)}, ${Math.trunc(s.rowsApplied)}, ${Math.trunc(s.overflowValues)})`,
  )
}
