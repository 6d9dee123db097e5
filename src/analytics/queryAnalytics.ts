import { StatementType } from '@duckdb/node-api'
import { AnalyticsQueryError } from './errors'
import type { AnalyticsStore } from './openAnalyticsStore'

/** A query's answer: column names and DuckDB types, rows as JSON-safe values. */
export type AnalyticsResult = {
  columns: { name: string; type: string }[]
  /** HUGEINT/BIGINT/DECIMAL as decimal strings, timestamps as text, lists as arrays, JSON parsed. */
  rows: unknown[][]
}

const READING = new Set([StatementType.SELECT, StatementType.EXPLAIN])

/**
 * Runs one read-only statement (SELECT, WITH … SELECT or EXPLAIN) on a connection of its own, so
 * it sees the last committed sync and never a half-applied one. Anything else (writes, DDL,
 * several statements) is refused before it runs. Positional parameters bind to `$1`, `$2`, …
 * This does not limit time, rows or file access: an endpoint exposed to clients adds those.
 *
 * @throws {AnalyticsQueryError} on a syntax error, a non-read statement or a failing query.
 * @example
 * const { columns, rows } = await queryAnalytics(store, 'SELECT sum(amount) AS total FROM contribution_reward WHERE datanet_id = $1', ['2'])
 */
export async function queryAnalytics(
  store: AnalyticsStore,
  sql: string,
  params: (string | number | boolean | null)[] = [],
): Promise<AnalyticsResult> {
  const conn = await store.instance.connect()
  try {
    const extracted = await conn.extractStatements(sql).catch((cause) => {
      throw new AnalyticsQueryError({ cause })
    })
    if (extracted.count !== 1)
      throw new AnalyticsQueryError({ cause: new Error(`expected one statement, got ${extracted.count}`) })
    const prepared = await extracted.prepare(0).catch((cause) => {
      throw new AnalyticsQueryError({ cause })
    })
    if (!READING.has(prepared.statementType))
      throw new AnalyticsQueryError({
        cause: new Error('only SELECT, WITH and EXPLAIN are allowed (read-only)'),
      })
    params.forEach((p, i) => {
      if (p === null) prepared.bindNull(i + 1)
      else if (typeof p === 'string') prepared.bindVarchar(i + 1, p)
      else if (typeof p === 'boolean') prepared.bindBoolean(i + 1, p)
      else if (Number.isInteger(p)) prepared.bindBigInt(i + 1, BigInt(p))
      else prepared.bindDouble(i + 1, p)
    })
    const result = await prepared.runAndReadAll().catch((cause) => {
      throw new AnalyticsQueryError({ cause })
    })
    const types = result.columnTypes()
    return {
      columns: result.columnNames().map((name, i) => ({ name, type: String(types[i]) })),
      rows: result.getRowsJson(),
    }
  } finally {
    conn.closeSync()
  }
}
