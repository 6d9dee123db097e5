import { type DuckDBConnection, type Json, JsonDuckDBValueConverter, StatementType } from '@duckdb/node-api'
import { checkReadOnlySql } from './checkReadOnlySql'
import { SqlQueryError, SqlRejectedError, SqlResultLimitError, SqlTimeoutError } from './errors'
import { DEFAULT_SQL_LIMITS, type SqlLimits } from './SqlLimits'

/** The answer of one read-only query: values as JSON (big integers and decimals as strings). */
export type SqlResult = {
  columns: { name: string; type: string }[]
  rows: Json[][]
  /** Bytes of the rows as JSON. */
  bytes: number
  elapsedMs: number
}

/**
 * Runs one read-only query on `connection` within `limits`: checked first by
 * {@link checkReadOnlySql}, prepared (DuckDB's binder must agree it is a SELECT or EXPLAIN),
 * run in a `BEGIN TRANSACTION READ ONLY` that is always rolled back (a write that slipped past
 * the check fails in DuckDB), streamed chunk by chunk so the row and byte limits stop it early,
 * and interrupted with `connection.interrupt()` past `timeoutMs`.
 *
 * The connection must not be used by anything else meanwhile (one query at a time).
 *
 * @throws {SqlRejectedError} when the statement is not one read-only query (nothing ran).
 * @throws {SqlResultLimitError} ROW_LIMIT_EXCEEDED / RESULT_TOO_LARGE.
 * @throws {SqlTimeoutError} QUERY_TIMEOUT.
 * @throws {SqlQueryError} DuckDB's binder or executor refused it (unknown column, type error).
 * @example
 * const { columns, rows } = await runReadOnlySql(conn, 'SELECT count(*) AS n FROM reward')
 */
export async function runReadOnlySql(
  connection: DuckDBConnection,
  sql: string,
  limits: Partial<SqlLimits> = {},
): Promise<SqlResult> {
  const { timeoutMs, maxRows, maxBytes, maxSqlBytes } = { ...DEFAULT_SQL_LIMITS, ...limits }
  const started = performance.now()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    connection.interrupt()
  }, timeoutMs)
  await beginReadOnly(connection)
  try {
    await checkReadOnlySql(connection, sql, { maxSqlBytes })
    const prepared = await connection.prepare(sql).catch((cause) => {
      throw queryError(cause, timedOut, timeoutMs)
    })
    try {
      if (prepared.statementType !== StatementType.SELECT && prepared.statementType !== StatementType.EXPLAIN)
        throw new SqlRejectedError('READ_ONLY', 'Only SELECT, WITH and EXPLAIN queries are allowed.')
      const result = await prepared.stream()
      const columns = result.columnNames().map((name, i) => ({ name, type: result.columnType(i).toString() }))
      const rows: Json[][] = []
      let bytes = 2
      for (;;) {
        const chunk = await result.fetchChunk()
        if (!chunk || chunk.rowCount === 0) break
        for (const row of chunk.convertRows(JsonDuckDBValueConverter) as Json[][]) {
          rows.push(row)
          bytes += Buffer.byteLength(JSON.stringify(row)) + 1
          if (rows.length > maxRows) throw new SqlResultLimitError('ROW_LIMIT_EXCEEDED', maxRows)
          if (bytes > maxBytes) throw new SqlResultLimitError('RESULT_TOO_LARGE', maxBytes)
        }
      }
      return { columns, rows, bytes, elapsedMs: performance.now() - started }
    } catch (cause) {
      throw queryError(cause, timedOut, timeoutMs)
    } finally {
      prepared.destroySync()
    }
  } catch (cause) {
    throw timedOut && !(cause instanceof SqlResultLimitError) ? new SqlTimeoutError(timeoutMs) : cause
  } finally {
    clearTimeout(timer)
    await rollback(connection)
  }
}

async function beginReadOnly(connection: DuckDBConnection): Promise<void> {
  try {
    await connection.run('BEGIN TRANSACTION READ ONLY')
  } catch {
    // A transaction left open (a rollback that was itself interrupted) is closed first.
    await rollback(connection)
    await connection.run('BEGIN TRANSACTION READ ONLY')
  }
}

async function rollback(connection: DuckDBConnection): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await connection.run('ROLLBACK')
      return
    } catch (e) {
      if (/no transaction is active/i.test((e as Error).message)) return
    }
  }
}

function queryError(cause: unknown, timedOut: boolean, timeoutMs: number): Error {
  if (cause instanceof SqlRejectedError || cause instanceof SqlResultLimitError) return cause
  if (timedOut) return new SqlTimeoutError(timeoutMs)
  const message = ((cause as Error)?.message ?? String(cause)).split('\n')[0]
  return new SqlQueryError(message, { cause })
}
