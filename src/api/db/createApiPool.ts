import pg from 'pg'
import type { DbSettings } from '../../db/dbSettings'

export type ApiPoolOptions = {
  /** Per-statement timeout, ms (sent as `-c statement_timeout`). */
  statementTimeoutMs: number
  /** Most connections the API holds. @default 10 */
  max?: number
  /** Called with pool-level errors (a dropped idle connection); the pool replaces the client. */
  onError?: (err: Error) => void
}

/**
 * A pg pool for the API: every session read-only (`default_transaction_read_only`) with a
 * statement timeout, so a runaway query is cancelled by PostgreSQL and frees its connection.
 *
 * @example
 * const pool = createApiPool(settings, { statementTimeoutMs: 5000 })
 */
export function createApiPool(settings: DbSettings, opts: ApiPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    ...toPgConfig(settings),
    max: opts.max ?? 10,
    application_name: 'openledger-api',
    connectionTimeoutMillis: 10_000,
    options: `-c statement_timeout=${Math.floor(opts.statementTimeoutMs)} -c default_transaction_read_only=on`,
  })
  pool.on('error', (err) => opts.onError?.(err))
  return pool
}

/**
 * node-postgres connection fields of {@link DbSettings}.
 *
 * @example
 * new pg.Pool({ ...toPgConfig(settings), max: 1 })
 */
export function toPgConfig(s: DbSettings): pg.PoolConfig {
  return { host: s.host, port: s.port, database: s.database, user: s.user, password: s.password }
}
