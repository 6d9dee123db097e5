import fs from 'node:fs'
import path from 'node:path'
import { AnalyticsExportError } from './errors'
import { OVERFLOW_SUFFIX } from './mirroredTables'
import type { AnalyticsStore } from './openAnalyticsStore'
import { ident, literal } from './sqlNames'
import { readSyncState } from './syncState'

export type ExportResult = {
  dir: string
  /** Rows written per table. */
  tables: Record<string, number>
  /** Processor height of the exported data (from the sync state). */
  height: number | null
}

type Column = { name: string; type: string }

/**
 * Writes every mirrored table as Parquet under `dir/<table>/`: tables with a time column (`timestamp`,
 * else their first TIMESTAMPTZ column) partitioned by UTC day (`day=YYYY-MM-DD/`, hive style),
 * the others as one `data.parquet`; plus `export.json` with the height and sync time. All tables
 * come from one DuckDB snapshot. Parquet has no 128-bit integer (DuckDB would write HUGEINT as a
 * lossy DOUBLE), so amounts go out as DECIMAL(38,0); one beyond it is NULL there with its exact
 * text in `<column>__overflow`, as in the store.
 *
 * @throws {AnalyticsExportError} when `dir` exists and is not an empty directory, or writing fails.
 * @example
 * await exportParquet(store, 'out/') // read back: read_parquet('out/contribution_reward/**', hive_partitioning = true)
 */
export async function exportParquet(store: AnalyticsStore, dir: string): Promise<ExportResult> {
  const target = path.resolve(dir)
  if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0))
    throw new AnalyticsExportError(target, 'it exists and is not an empty directory')
  const conn = await store.instance.connect()
  try {
    fs.mkdirSync(target, { recursive: true })
    await conn.run('BEGIN TRANSACTION')
    const state = await readSyncState(conn)
    const tables = await conn.runAndReadAll(
      `SELECT table_name, column_name, data_type FROM duckdb_columns()
       WHERE schema_name = 'main' AND database_name = current_database() ORDER BY table_name, column_index`,
    )
    const byTable = new Map<string, Column[]>()
    for (const [t, name, type] of tables.getRows()) {
      const cols = byTable.get(String(t)) ?? []
      cols.push({ name: String(name), type: String(type) })
      byTable.set(String(t), cols)
    }
    const counts: Record<string, number> = {}
    for (const [table, cols] of byTable) {
      const out = path.join(target, table)
      const time =
        cols.find((c) => c.name === 'timestamp' && c.type.startsWith('TIMESTAMP')) ??
        cols.find((c) => c.type === 'TIMESTAMP WITH TIME ZONE')
      const select = `SELECT ${exportList(cols)}${time ? `, strftime(${ident(time.name)}, '%Y-%m-%d') AS day` : ''} FROM ${ident(table)}`
      if (!time) fs.mkdirSync(out)
      const r = await conn.run(
        time
          ? `COPY (${select}) TO ${literal(out)} (FORMAT parquet, PARTITION_BY (day))`
          : `COPY (${select}) TO ${literal(path.join(out, 'data.parquet'))} (FORMAT parquet)`,
      )
      counts[table] = Number(r.rowsChanged)
    }
    await conn.run('COMMIT')
    fs.writeFileSync(
      path.join(target, 'export.json'),
      `${JSON.stringify({ height: state?.height ?? null, syncedAt: state?.syncedAt ?? null, tables: counts }, null, 2)}\n`,
    )
    return { dir: target, tables: counts, height: state?.height ?? null }
  } catch (cause) {
    await conn.run('ROLLBACK').catch(() => {})
    if (cause instanceof AnalyticsExportError) throw cause
    throw new AnalyticsExportError(target, 'writing failed', { cause })
  } finally {
    conn.closeSync()
  }
}

// HUGEINT → DECIMAL(38,0) where it fits; the rest moves to its overflow column (kept exact).
function exportList(cols: Column[]): string {
  const huge = new Set(cols.filter((c) => c.type === 'HUGEINT').map((c) => c.name))
  return cols
    .map((c) => {
      const col = ident(c.name)
      if (huge.has(c.name)) return `TRY_CAST(${col} AS DECIMAL(38,0)) AS ${col}`
      const base = c.name.endsWith(OVERFLOW_SUFFIX) ? c.name.slice(0, -OVERFLOW_SUFFIX.length) : undefined
      if (base !== undefined && huge.has(base)) {
        const b = ident(base)
        return `coalesce(${col}, CASE WHEN TRY_CAST(${b} AS DECIMAL(38,0)) IS NULL THEN CAST(${b} AS VARCHAR) END) AS ${col}`
      }
      return col
    })
    .join(', ')
}
