import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type pg from 'pg'
import { copyToFile } from './copyToFile'
import { createTableSql } from './duckColumns'
import { ensureChangeCapture } from './ensureChangeCapture'
import { AnalyticsDisabledError, AnalyticsSyncError } from './errors'
import { type MirroredTable, OVERFLOW_SUFFIX, readMirroredTables, schemaHash } from './mirroredTables'
import type { AnalyticsStore } from './openAnalyticsStore'
import { finishRound, openSnapshot, stageChangedIds } from './pgSnapshot'
import {
  buildRollups,
  dropRollups,
  noteRollupChanges,
  ROLLUP_SOURCES,
  ROLLUP_VERSION,
  updateRollups,
} from './rollup/index'
import { ident } from './sqlNames'
import { readSyncState, writeSyncState } from './syncState'
import { changedRowsCopy, type TableCopy, wholeTableCopy } from './tableCopy'

export type SyncOptions = {
  /** Rebuild every table from scratch instead of applying the change log. @default false */
  full?: boolean
  /** Share of a table's rows changed above which the whole table is copied instead. @default 0.25 */
  wholeTableShare?: number
  /**
   * Delete the applied change-log rows. A second store built from the same database (a
   * comparison, a benchmark) passes false so it does not consume the main store's changes:
   * the change log has one consumer. @default true
   */
  prune?: boolean
}

export type SyncResult = {
  /** `full`: every table copied; `incremental`: the change log applied; `idle`: nothing changed. */
  mode: 'full' | 'incremental' | 'idle'
  /** Processor height the store now reflects (null before the processor wrote any). */
  height: number | null
  /** Rows read from PostgreSQL and written into DuckDB this round. */
  rows: number
  /** Change-log rows applied (and pruned) this round. */
  changes: number
  /** Tables written this round. */
  tables: string[]
  /** `numeric` values in the store too large for HUGEINT (kept as text in `<column>__overflow`). */
  overflowValues: number
  ms: number
  /** Of `ms`, the time spent building or updating the rollup tables. */
  rollupMs: number
}

/**
 * One sync round from PostgreSQL into the analytics store. The first round (or one after the
 * database, its capture epoch or the mirrored schema changed, or with `full`) copies every
 * table; later rounds apply only the rows named in the change log since the last round (deleted
 * rows, including those of rolled-back blocks, disappear). Every row comes from one PostgreSQL
 * snapshot and is committed in one DuckDB transaction together with the sync state, so a round
 * stopped anywhere (even SIGKILL) leaves the previous state, and the change log keeps what it did
 * not apply; a round repeated after DuckDB committed but before the log was pruned is harmless
 * (rows are replaced by their current version, not patched).
 *
 * @throws {AnalyticsSyncError} (retryable) when PostgreSQL or DuckDB fails; nothing is applied.
 * @throws {AnalyticsDisabledError} while `analytics disable` is in force; nothing is touched.
 * @example
 * const store = await openAnalyticsStore('.data/analytics.duckdb')
 * const r = await syncAnalytics(store, pool) // { mode: 'full', rows: 120000, height: 812, ... }
 */
export async function syncAnalytics(
  store: AnalyticsStore,
  pool: pg.Pool,
  opts: SyncOptions = {},
): Promise<SyncResult> {
  const started = performance.now()
  let step = 'connecting to PostgreSQL'
  const client = await pool.connect().catch((cause) => {
    throw new AnalyticsSyncError(step, { cause })
  })
  const tmp = stagingDir(store)
  let broken: Error | undefined
  try {
    step = 'reading the schema'
    const tables = await readMirroredTables(client)
    step = 'installing change capture'
    const epoch = await ensureChangeCapture(client, tables)
    // The rollups' definitions are part of the store's schema: new ones rebuild it.
    const hash = `${schemaHash(tables)}:rollup${ROLLUP_VERSION}`
    const conn = store.connection
    const state = await readSyncState(conn)
    step = 'reading the change log'
    const head = await openSnapshot(client)
    const prune = opts.prune !== false
    // Another store consumed the log since this one last did: what it pruned is unknown here.
    const otherConsumer = prune && head.consumer !== null && head.consumer !== store.id
    const full = opts.full || !state || state.epoch !== epoch || state.schemaHash !== hash || otherConsumer
    if (!full && state && head.runs.length === 0) {
      // Nothing changed (every indexed batch changes indexer_status): DuckDB stays as it is.
      await client.query('ROLLBACK')
      if (prune) await finishRound(client, [], { consumer: store.id, ...state })
      return {
        mode: 'idle',
        height: state.height,
        rows: 0,
        changes: 0,
        tables: [],
        overflowValues: state.overflowValues,
        ms: Math.round(performance.now() - started),
        rollupMs: 0,
      }
    }
    const changed = full ? new Map<string, number>() : await stageChangedIds(client)
    const changes = head.runs.reduce((n, [a, b]) => n + Number(BigInt(b) - BigInt(a) + 1n), 0)
    let rows = 0
    const written: string[] = []
    await conn.run('BEGIN TRANSACTION')
    try {
      if (full) {
        step = 'recreating the DuckDB tables'
        await dropMainTables(conn)
        for (const t of tables) await conn.run(createTableSql(t))
      }
      const share = opts.wholeTableShare ?? 0.25
      const copies: TableCopy[] = []
      for (const t of tables) {
        const n = changed.get(t.name) ?? 0
        if (!full && n === 0) continue
        if (full) copies.push(wholeTableCopy(t, false))
        else if (n > share * (await duckCount(conn, t.name))) copies.push(wholeTableCopy(t, true))
        else copies.push(changedRowsCopy(t))
      }
      // The rollups are recomputed from scratch when a source table is replaced whole, else
      // only over the hours the changed rows were in before and are in after this round.
      const rollups = ROLLUP_SOURCES.every((name) => tables.some((t) => t.name === name))
      const rebuildRollups =
        rollups &&
        (full || copies.some((c) => c.whole && (ROLLUP_SOURCES as readonly string[]).includes(c.table)))
      const rollupChanges = rollups && !rebuildRollups && ROLLUP_SOURCES.some((t) => changed.has(t))
      let rollupMs = 0
      if (rollupChanges) {
        const noteStart = performance.now()
        step = 'noting the rollups to update'
        const ids = await copyToFile(
          client,
          `SELECT tbl, id FROM _sync_ids WHERE tbl IN (${ROLLUP_SOURCES.map((t) => `'${t}'`).join(', ')})`,
          path.join(tmp, '_rollup_changed.csv'),
        )
        await noteRollupChanges(conn, ids)
        rollupMs += performance.now() - noteStart
      }
      // PostgreSQL copies the next table out while DuckDB loads this one.
      const copyOut = (c: TableCopy) => {
        const file = path.join(tmp, `${c.table}.csv`)
        return copyToFile(client, c.select, file)
      }
      let next = copies[0] && copyOut(copies[0])
      try {
        for (const [i, c] of copies.entries()) {
          step = `copying table ${c.table}`
          const out = await (next as ReturnType<typeof copyOut>)
          next = copies[i + 1] && copyOut(copies[i + 1] as TableCopy)
          next?.catch(() => {}) // awaited in turn, or in the finally below
          await c.load(conn, out)
          rows += out.rows
          written.push(c.table)
        }
      } finally {
        // Never leave a COPY running on the client that the error path rolls back.
        await next?.catch(() => {})
      }
      const rollupStart = performance.now()
      if (!rollups) await dropRollups(conn)
      else if (rebuildRollups) {
        step = 'building the rollups'
        await buildRollups(conn)
      } else if (rollupChanges) {
        step = 'updating the rollups'
        await updateRollups(conn)
      }
      rollupMs = Math.round(rollupMs + performance.now() - rollupStart)
      step = 'counting overflowed values'
      const overflowValues = await countOverflow(conn, tables)
      rows += state && !full ? state.rowsApplied : 0
      await writeSyncState(conn, {
        epoch,
        schemaHash: hash,
        height: head.height,
        syncedAt: new Date().toISOString(),
        rowsApplied: rows,
        overflowValues,
      })
      step = 'committing DuckDB'
      await conn.run('COMMIT')
      await client.query('ROLLBACK')
      step = 'pruning the change log'
      // A secondary store neither consumes the log nor reports its status as the store's.
      if (prune)
        await finishRound(client, head.runs, {
          consumer: store.id,
          height: head.height,
          rowsApplied: rows,
          overflowValues,
        })
      const roundRows = rows - (state && !full ? state.rowsApplied : 0)
      return {
        mode: full ? 'full' : written.length > 0 ? 'incremental' : 'idle',
        height: head.height,
        rows: roundRows,
        changes,
        tables: written,
        overflowValues,
        ms: Math.round(performance.now() - started),
        rollupMs,
      }
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => {})
      throw err
    }
  } catch (cause) {
    // A refusal leaves the connection sound; anything else may have broken it mid-COPY.
    if (!(cause instanceof AnalyticsDisabledError))
      broken = cause instanceof Error ? cause : new Error(String(cause))
    await client.query('ROLLBACK').catch(() => {})
    if (cause instanceof AnalyticsSyncError || cause instanceof AnalyticsDisabledError) throw cause
    throw new AnalyticsSyncError(step, { cause })
  } finally {
    client.release(broken)
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

/** Where a round stages its CSV files: next to the DuckDB file, emptied of a crashed round's. */
function stagingDir(store: AnalyticsStore): string {
  const dir =
    store.path === ':memory:' ? fs.mkdtempSync(path.join(os.tmpdir(), 'ol-analytics-')) : `${store.path}.sync`
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  return dir
}

async function dropMainTables(conn: DuckDBConnection): Promise<void> {
  const r = await conn.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()`,
  )
  for (const [name] of r.getRows()) await conn.run(`DROP TABLE ${ident(String(name))}`)
}

async function duckCount(conn: DuckDBConnection, table: string): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT count(*) FROM ${ident(table)}`)
  return Number(r.getRows()[0]?.[0] ?? 0)
}

async function countOverflow(conn: DuckDBConnection, tables: MirroredTable[]): Promise<number> {
  const parts = tables.flatMap((t) =>
    t.columns
      .filter((c) => c.kind === 'numeric')
      .map((c) => `SELECT count(${ident(c.name + OVERFLOW_SUFFIX)}) AS n FROM ${ident(t.name)}`),
  )
  if (parts.length === 0) return 0
  const r = await conn.runAndReadAll(`SELECT CAST(sum(n) AS DOUBLE) FROM (${parts.join(' UNION ALL ')})`)
  return Number(r.getRows()[0]?.[0] ?? 0)
}
