import { NonRetryableError, RetryableError } from '../errors'

/**
 * The DuckDB file could not be opened (held by another process, unreadable, not a DuckDB file).
 *
 * @example
 * throw new AnalyticsOpenError('.data/analytics.duckdb', { cause })
 */
export class AnalyticsOpenError extends RetryableError {
  override name = 'AnalyticsOpenError'
  constructor(file: string, options: { cause?: unknown } = {}) {
    super(`Cannot open the analytics store ${file}.`, {
      ...options,
      metaMessages: ['Is another process holding it (one process per file), or is it not a DuckDB file?'],
    })
  }
}

/**
 * Another process holds the store for writing (`start` or `analytics sync`): DuckDB then lets no
 * other process open the file, not even read-only.
 *
 * @example
 * throw new AnalyticsLockedError('.data/analytics.duckdb', 4242, { cause })
 */
export class AnalyticsLockedError extends RetryableError {
  override name = 'AnalyticsLockedError'
  constructor(file: string, pid: number, options: { cause?: unknown } = {}) {
    super(`The analytics store ${file} is held by another process (PID ${pid}).`, {
      ...options,
      metaMessages: [
        'DuckDB lets one process open a file for writing, and then no other process, not even read-only.',
        '`start` serves the dashboards, analytics fields and POST /sql from its own API; or stop it to `serve` the file alone.',
      ],
    })
  }
}

/**
 * One sync round failed (PostgreSQL or DuckDB); nothing of it was applied and the changes stay queued.
 *
 * @example
 * throw new AnalyticsSyncError('copying table account', { cause })
 */
export class AnalyticsSyncError extends RetryableError {
  override name = 'AnalyticsSyncError'
  constructor(step: string, options: { cause?: unknown } = {}) {
    super(`Analytics sync failed while ${step}.`, options)
  }
}

/**
 * A query against the analytics store failed (syntax, unknown table, a type error).
 *
 * @example
 * throw new AnalyticsQueryError({ cause })
 */
export class AnalyticsQueryError extends NonRetryableError {
  override name = 'AnalyticsQueryError'
  constructor(options: { cause?: unknown } = {}) {
    super('Analytics query failed.', options)
  }
}

/**
 * The Parquet export could not be written (target not a directory, not empty, not writable).
 *
 * @example
 * throw new AnalyticsExportError('/tmp/out', 'the directory is not empty')
 */
export class AnalyticsExportError extends NonRetryableError {
  override name = 'AnalyticsExportError'
  constructor(dir: string, reason: string, options: { cause?: unknown } = {}) {
    super(`Cannot export Parquet to ${dir}: ${reason}.`, options)
  }
}

/**
 * The analytics are turned off in this database (`openledger analytics disable`): no change
 * capture, no sync. `openledger analytics enable` turns them on again (the next round rebuilds).
 *
 * @example
 * throw new AnalyticsDisabledError()
 */
export class AnalyticsDisabledError extends NonRetryableError {
  override name = 'AnalyticsDisabledError'
  constructor(options: { cause?: unknown } = {}) {
    super('Analytics are disabled in this database.', {
      ...options,
      metaMessages: ['Turn them on again with: openledger analytics enable'],
    })
  }
}
