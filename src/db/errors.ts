import { NonRetryableError, RetryableError } from '../errors'

/**
 * The embedded PostgreSQL server could not be initialised or started.
 *
 * @example
 * throw new EmbeddedPostgresStartError('/data/postgres', 5433, { cause })
 */
export class EmbeddedPostgresStartError extends NonRetryableError {
  override name = 'EmbeddedPostgresStartError'
  constructor(dataDir: string, port: number, options: { cause?: unknown; details?: string } = {}) {
    super(`Embedded PostgreSQL did not start (data dir ${dataDir}, port ${port}).`, {
      ...options,
      metaMessages: [
        'Is another server using the data dir or the port? A stale server can be stopped with',
        `  pg_ctl stop -D ${dataDir}`,
      ],
    })
  }
}

/**
 * The database URL is not a postgres:// URL with a host.
 *
 * @example
 * throw new DatabaseUrlError('mysql://x')
 */
export class DatabaseUrlError extends NonRetryableError {
  override name = 'DatabaseUrlError'
  constructor(url: string) {
    super(`Not a usable PostgreSQL URL: "${url.replace(/:[^:@/]*@/, ':***@')}".`)
  }
}

/**
 * PostgreSQL refused or dropped the connection (server restarting, network).
 *
 * @example
 * throw new DatabaseUnavailableError('127.0.0.1:5432', { cause })
 */
export class DatabaseUnavailableError extends RetryableError {
  override name = 'DatabaseUnavailableError'
  constructor(where: string, options: { cause?: unknown } = {}) {
    super(`PostgreSQL at ${where} is not reachable.`, options)
  }
}

/**
 * Applying the migrations in db/migrations failed.
 *
 * @example
 * throw new MigrationError({ cause })
 */
export class MigrationError extends NonRetryableError {
  override name = 'MigrationError'
  constructor(options: { cause?: unknown } = {}) {
    super('Applying database migrations failed.', options)
  }
}

/**
 * Building indexes the indexer had deferred failed. Their definitions are kept, so the next start
 * builds them again.
 *
 * @example
 * throw new IndexBuildError(3, { cause })
 */
export class IndexBuildError extends RetryableError {
  override name = 'IndexBuildError'
  constructor(left: number, options: { cause?: unknown } = {}) {
    super(
      `Building ${left} deferred index${left === 1 ? '' : 'es'} failed; they are built at the next start.`,
      options,
    )
  }
}
