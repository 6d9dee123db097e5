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
 * Started as root, PostgreSQL runs as the `postgres` system user, and that user cannot reach a path
 * it needs (binaries or data under a private directory such as root's home or a `mktemp -d`), nor
 * could the cluster be placed where it can.
 *
 * @example
 * throw new EmbeddedPostgresAccessError('/root/repo/.data/postgres', 'the data directory', { details })
 */
export class EmbeddedPostgresAccessError extends NonRetryableError {
  override name = 'EmbeddedPostgresAccessError'
  constructor(path: string, what: string, options: { cause?: unknown; details?: string } = {}) {
    super(`The postgres system user cannot reach ${what} at ${path}.`, {
      ...options,
      metaMessages: [
        'Run as root, the embedded PostgreSQL runs as the postgres system user, which needs to traverse',
        'every directory above its binaries and data. Any one of these fixes it:',
        '  - put the checkout, or DATA_DIR, under a directory it can traverse (e.g. /srv, /opt);',
        '  - run as an ordinary user;',
        '  - set DB_URL to an external PostgreSQL server.',
      ],
    })
  }
}

/**
 * None of the superuser passwords known for an existing embedded cluster is accepted: its password
 * file is missing or was changed by hand.
 *
 * @example
 * throw new EmbeddedPostgresPasswordError('.data/postgres', '.data/postgres.password', { cause })
 */
export class EmbeddedPostgresPasswordError extends NonRetryableError {
  override name = 'EmbeddedPostgresPasswordError'
  constructor(dataDir: string, passwordFile: string, options: { cause?: unknown } = {}) {
    super(`The superuser password of the embedded cluster in ${dataDir} is not the one in ${passwordFile}.`, {
      ...options,
      metaMessages: [
        `Restore ${passwordFile} (one line, the password of the role postgres), or remove`,
        `${dataDir} to start with an empty database.`,
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

/**
 * A role password to set holds characters beyond printable ASCII, for which PostgreSQL would
 * normalise it (SASLprep) before hashing; the passwords made here never do.
 *
 * @example
 * throw new UnsupportedPasswordError()
 */
export class UnsupportedPasswordError extends NonRetryableError {
  override name = 'UnsupportedPasswordError'
  constructor() {
    super('A role password must be printable ASCII to be set as a SCRAM verifier.')
  }
}

/**
 * A program of the embedded PostgreSQL distribution (`initdb`, `postgres`) or of the system
 * (`useradd`) ended without doing its job; `details` holds the tail of its output. Callers wrap it
 * in {@link EmbeddedPostgresStartError} with the data directory and port.
 *
 * @example
 * throw new PostgresProgramError('initdb', 'exited with 1', output)
 */
export class PostgresProgramError extends NonRetryableError {
  override name = 'PostgresProgramError'
  constructor(program: string, problem: string, details?: string) {
    super(`${program} ${problem}.`, { details })
  }
}

/**
 * The processor's database adapter was used out of order (a batch outside a transaction, before
 * connecting, twice connected) or found the processor's own tables inconsistent (no status row,
 * hot blocks that do not follow each other). A bug or a damaged `squid_processor` schema, not a
 * condition to retry.
 *
 * @example
 * throw new ProcessorDatabaseStateError('not connected')
 */
export class ProcessorDatabaseStateError extends NonRetryableError {
  override name = 'ProcessorDatabaseStateError'
  constructor(problem: string) {
    super(`ProcessorDatabase: ${problem}.`)
  }
}

/**
 * A migration file's class name does not end in the 13-digit timestamp TypeORM orders migrations
 * by: it would be applied out of order.
 *
 * @example
 * throw new MigrationNameError('1700000000000-Init.js', 'Init')
 */
export class MigrationNameError extends NonRetryableError {
  override name = 'MigrationNameError'
  constructor(file: string, name: string) {
    super(`Migration ${file}: its name ${name} does not end in a timestamp.`)
  }
}
