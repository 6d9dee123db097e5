import type { DuckDBConnection } from '@duckdb/node-api'
import { SqlRejectedError } from './errors'
import { ALLOWED_TABLE_FUNCTIONS, DENIED_FUNCTIONS } from './functionPolicy'
import { namesInTree, type ParsedNames } from './namesInTree'

/** What {@link checkReadOnlySql} found: the query kind and what it reads. */
export type CheckedSql = {
  kind: 'SELECT' | 'EXPLAIN'
  /** Tables and views the query names (CTEs excluded), lower case. */
  tables: string[]
}

/** Longest SQL text accepted unless the caller says otherwise: 16 KiB. */
export const DEFAULT_MAX_SQL_BYTES = 16 * 1024

// Characters no table of ours has but file paths, URLs and globs do: a name with one of them
// would reach DuckDB's replacement scans (`FROM 'x.csv'` reads a file).
const PATH_LIKE = /[./\\:*?~]/
const EXPLAIN_PREFIX = /^\s*EXPLAIN(\s+ANALY[SZ]E)?\s+/i

/**
 * Decides, with DuckDB's own parser and before anything runs, whether `sql` is one read-only
 * query over the database's tables: exactly one statement (`extractStatements`), a SELECT in
 * DuckDB's syntax tree (`json_serialize_sql`, which serialises SELECT statements only, so
 * WITH, FROM-first, DESCRIBE, SUMMARIZE and SHOW pass while INSERT, COPY, ATTACH, PRAGMA, SET,
 * INSTALL and CREATE do not) or `EXPLAIN [ANALYZE]` of one, calling no function that reads
 * files, runs nested SQL or changes state (table functions are allowed from a list, see
 * functionPolicy), and naming only tables or views that exist (or its own CTEs).
 *
 * `connection` is used to parse and to look names up; nothing is executed from `sql`.
 *
 * @throws {SqlRejectedError} with a code: EMPTY_QUERY, SQL_TOO_LONG, SYNTAX_ERROR,
 *   MULTIPLE_STATEMENTS, READ_ONLY, FORBIDDEN_FUNCTION, FORBIDDEN_TABLE.
 * @example
 * await checkReadOnlySql(conn, 'SELECT count(*) FROM reward') // { kind: 'SELECT', tables: ['reward'] }
 * await checkReadOnlySql(conn, "COPY reward TO '/tmp/x.csv'") // throws READ_ONLY
 */
export async function checkReadOnlySql(
  connection: DuckDBConnection,
  sql: string,
  opts: { maxSqlBytes?: number } = {},
): Promise<CheckedSql> {
  const maxSqlBytes = opts.maxSqlBytes ?? DEFAULT_MAX_SQL_BYTES
  if (Buffer.byteLength(sql) > maxSqlBytes)
    throw new SqlRejectedError('SQL_TOO_LONG', `The SQL text is longer than ${maxSqlBytes} bytes.`)
  if (!sql.trim()) throw new SqlRejectedError('EMPTY_QUERY', 'The SQL text is empty.')
  const count = await statementCount(connection, sql)
  if (count === 0) throw new SqlRejectedError('EMPTY_QUERY', 'The SQL text holds no statement.')
  if (count > 1)
    throw new SqlRejectedError(
      'MULTIPLE_STATEMENTS',
      `One statement per request; got ${count}. Remove the extra ';'-separated statements.`,
    )
  const explain = EXPLAIN_PREFIX.exec(sql)
  const body = explain ? sql.slice(explain[0].length) : sql
  const names = await parseSelect(connection, body)
  await checkFunctions(connection, names)
  const tables = await checkTables(connection, names)
  return { kind: explain ? 'EXPLAIN' : 'SELECT', tables }
}

async function statementCount(connection: DuckDBConnection, sql: string): Promise<number> {
  try {
    return (await connection.extractStatements(sql)).count
  } catch (cause) {
    // Text with no statement at all (';', a lone comment) fails extraction without a parser
    // message; the serialiser tells it apart from a syntax error by returning no statements.
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])
    const tree = JSON.parse(String(reader.getRowsJson()[0]?.[0])) as {
      error: boolean
      statements?: unknown[]
    }
    if (!tree.error && tree.statements?.length === 0) return 0
    throw new SqlRejectedError(
      'SYNTAX_ERROR',
      firstLine(cause).replace(/^Failed to extract statements: /, ''),
      {
        cause,
      },
    )
  }
}

async function parseSelect(connection: DuckDBConnection, sql: string): Promise<ParsedNames> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])
  const tree = JSON.parse(String(reader.getRowsJson()[0]?.[0])) as {
    error: boolean
    error_type?: string
    error_message?: string
    statements?: unknown[]
  }
  if (tree.error && tree.error_type === 'parser')
    throw new SqlRejectedError('SYNTAX_ERROR', `Parser Error: ${tree.error_message}`)
  if (tree.error || tree.statements?.length !== 1)
    throw new SqlRejectedError(
      'READ_ONLY',
      `Only SELECT, WITH and EXPLAIN queries are allowed; got ${firstWord(sql)}. Analytics queries never change data or settings.`,
    )
  return namesInTree(tree.statements[0])
}

async function checkFunctions(connection: DuckDBConnection, names: ParsedNames): Promise<void> {
  const used = [...names.functions]
  const denied = used.filter((f) => DENIED_FUNCTIONS.has(f))
  if (!denied.length && used.length) {
    // Every table function (and table macro or pragma) is refused unless listed: one added by a
    // later DuckDB version or an extension may read files or run SQL.
    const reader = await connection.runAndReadAll(
      `SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro', 'pragma')`,
    )
    const tableFunctions = new Set(reader.getRowsJson().map(([n]) => String(n)))
    for (const name of used)
      if (tableFunctions.has(name) && !ALLOWED_TABLE_FUNCTIONS.has(name)) denied.push(name)
  }
  if (denied.length)
    throw new SqlRejectedError(
      'FORBIDDEN_FUNCTION',
      `Function ${denied[0]}() is not allowed here: it reaches outside the tables (files, nested SQL, settings or state).`,
    )
}

async function checkTables(connection: DuckDBConnection, names: ParsedNames): Promise<string[]> {
  const badCte = [...names.ctes].find((c) => PATH_LIKE.test(c))
  if (badCte !== undefined)
    throw new SqlRejectedError('FORBIDDEN_TABLE', `A CTE may not be named like a path: "${badCte}".`)
  const wanted = names.tables.filter((t) => !(t.schema === '' && t.catalog === '' && names.ctes.has(t.name)))
  if (!wanted.length) return []
  const reader = await connection.runAndReadAll(
    `SELECT lower(database_name), lower(schema_name), lower(table_name) FROM duckdb_tables()
     UNION ALL SELECT lower(database_name), lower(schema_name), lower(view_name) FROM duckdb_views()`,
  )
  const known = reader
    .getRowsJson()
    .map(([c, s, n]) => ({ catalog: String(c), schema: String(s), name: String(n) }))
  for (const t of wanted) {
    const exists = known.some(
      (k) =>
        k.name === t.name &&
        (t.schema === '' || k.schema === t.schema || k.catalog === t.schema) &&
        (t.catalog === '' || k.catalog === t.catalog),
    )
    if (!exists)
      throw new SqlRejectedError(
        'FORBIDDEN_TABLE',
        `No table or view named "${[t.catalog, t.schema, t.name].filter(Boolean).join('.')}"${
          PATH_LIKE.test(t.name) ? ' (files, URLs and globs cannot be read here)' : ''
        }.`,
      )
  }
  return [...new Set(wanted.map((t) => t.name))]
}

function firstWord(sql: string): string {
  return (/[A-Za-z]+/.exec(sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' '))?.[0] ?? 'no query').toUpperCase()
}

function firstLine(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split('\n')[0]
}
