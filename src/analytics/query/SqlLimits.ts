/** Limits of one read-only query (`POST /sql`, `analytics query`). */
export type SqlLimits = {
  /** Longest run, ms; the query is interrupted past it (QUERY_TIMEOUT). @default 5000 */
  timeoutMs: number
  /** Most rows in an answer; more fail with ROW_LIMIT_EXCEEDED (nothing is cut silently). @default 10000 */
  maxRows: number
  /** Largest answer, bytes of its JSON rows; more fail with RESULT_TOO_LARGE. @default 8 MiB */
  maxBytes: number
  /** Longest SQL text, bytes (SQL_TOO_LONG). @default 16 KiB */
  maxSqlBytes: number
}

/**
 * Defaults for {@link SqlLimits}: enough for a dashboard's aggregates, too little for one client
 * to copy the database out or hold a connection for long.
 *
 * @example
 * const limits = { ...DEFAULT_SQL_LIMITS, timeoutMs: 1000 }
 */
export const DEFAULT_SQL_LIMITS: SqlLimits = {
  timeoutMs: 5000,
  maxRows: 10_000,
  maxBytes: 8 * 1024 * 1024,
  maxSqlBytes: 16 * 1024,
}
