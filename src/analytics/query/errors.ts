import { NonRetryableError, RetryableError } from '../../errors'

/** Why a statement was refused before it ran. */
export type SqlRejectionCode =
  | 'EMPTY_QUERY'
  | 'SQL_TOO_LONG'
  | 'SYNTAX_ERROR'
  | 'MULTIPLE_STATEMENTS'
  | 'READ_ONLY'
  | 'FORBIDDEN_FUNCTION'
  | 'FORBIDDEN_TABLE'

/**
 * The statement is not one single read-only query over the analytics tables: empty, too long,
 * malformed, several statements, a write/DDL/configuration statement, or a function or table
 * name that reaches outside the database. Nothing ran.
 *
 * @example
 * throw new SqlRejectedError('READ_ONLY', 'Only SELECT, WITH and EXPLAIN are allowed; got INSERT.')
 */
export class SqlRejectedError extends NonRetryableError {
  override name = 'SqlRejectedError'
  constructor(
    readonly code: SqlRejectionCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options)
  }
}

/**
 * The query ran but its answer is over a limit: more rows than `maxRows` (ROW_LIMIT_EXCEEDED) or
 * more bytes than `maxBytes` (RESULT_TOO_LARGE). Nothing is returned; add a LIMIT or aggregate.
 *
 * @example
 * throw new SqlResultLimitError('ROW_LIMIT_EXCEEDED', 10000)
 */
export class SqlResultLimitError extends NonRetryableError {
  override name = 'SqlResultLimitError'
  constructor(
    readonly code: 'ROW_LIMIT_EXCEEDED' | 'RESULT_TOO_LARGE',
    readonly limit: number,
  ) {
    super(
      code === 'ROW_LIMIT_EXCEEDED'
        ? `The result has more than ${limit} rows; add a LIMIT or aggregate.`
        : `The result is larger than ${limit} bytes; select fewer columns or rows.`,
    )
  }
}

/**
 * The query ran past its time limit and was interrupted (DuckDB's interrupt); nothing changed.
 *
 * @example
 * throw new SqlTimeoutError(5000)
 */
export class SqlTimeoutError extends RetryableError {
  override name = 'SqlTimeoutError'
  readonly code = 'QUERY_TIMEOUT'
  constructor(readonly timeoutMs: number) {
    super(`The query ran longer than ${timeoutMs} ms and was stopped.`)
  }
}

/**
 * DuckDB refused the query while binding or running it (unknown table or column, type error,
 * division by zero...). The message is DuckDB's first line.
 *
 * @example
 * throw new SqlQueryError('Catalog Error: Table with name x does not exist!', { cause })
 */
export class SqlQueryError extends NonRetryableError {
  override name = 'SqlQueryError'
  readonly code = 'QUERY_ERROR'
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options)
  }
}
