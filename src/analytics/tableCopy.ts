import fs from 'node:fs'
import type { DuckDBConnection } from '@duckdb/node-api'
import { type CopiedFile, readCsvSql } from './copyToFile'
import { duckConvertList, pgSelectList } from './duckColumns'
import type { MirroredTable } from './mirroredTables'
import { ident, literal } from './sqlNames'

/** One table's part of a sync round: what PostgreSQL's COPY sends, and how DuckDB applies it. */
export type TableCopy = {
  table: string
  /** Every row of the table (replacing DuckDB's), not only the changed ones. */
  whole: boolean
  /** The SELECT copied out of PostgreSQL, in the round's snapshot. */
  select: string
  /** Applies the copied CSV file in DuckDB, inside the round's transaction. */
  load(conn: DuckDBConnection, copied: CopiedFile): Promise<void>
}

const stagingColumns = (t: MirroredTable) => t.columns.map((_, i) => `c${i}`)

/**
 * The copy of a whole table: every row, replacing what DuckDB held (`replace`) or into a table
 * just created.
 *
 * @example
 * const copy = wholeTableCopy(table, true)
 */
export function wholeTableCopy(t: MirroredTable, replace: boolean): TableCopy {
  return {
    table: t.name,
    whole: true,
    select: `SELECT ${pgSelectList(t, 't')} FROM public.${ident(t.name)} t`,
    async load(conn, { file, rows, longestLine }) {
      if (replace) await conn.run(`DELETE FROM ${ident(t.name)}`)
      if (rows > 0)
        await conn.run(
          `INSERT INTO ${ident(t.name)} SELECT ${duckConvertList(t)} FROM ${readCsvSql(file, stagingColumns(t), longestLine)}`,
        )
      fs.rmSync(file, { force: true })
    },
  }
}

/**
 * The copy of the rows whose ids the change log names (`_sync_ids`): one CSV row per changed id
 * with the row's current columns, all NULL where the row is gone (deleted, rolled back by a
 * reorg). DuckDB deletes every named id and inserts the rows that still exist.
 *
 * @example
 * const copy = changedRowsCopy(table)
 */
export function changedRowsCopy(t: MirroredTable): TableCopy {
  return {
    table: t.name,
    whole: false,
    select: `SELECT s.id, ${pgSelectList(t, 't')} FROM _sync_ids s LEFT JOIN public.${ident(t.name)} t ON t.id = s.id WHERE s.tbl = ${literal(t.name)}`,
    async load(conn, { file, longestLine }) {
      const idCol = `c${t.columns.findIndex((c) => c.name === 'id')}`
      await conn.run(
        `CREATE OR REPLACE TEMP TABLE _staged AS SELECT * FROM ${readCsvSql(file, ['k', ...stagingColumns(t)], longestLine)}`,
      )
      await conn.run(`DELETE FROM ${ident(t.name)} WHERE id IN (SELECT k FROM _staged)`)
      await conn.run(
        `INSERT INTO ${ident(t.name)} SELECT ${duckConvertList(t)} FROM _staged WHERE ${idCol} IS NOT NULL`,
      )
      await conn.run('DROP TABLE _staged')
      fs.rmSync(file, { force: true })
    },
  }
}
