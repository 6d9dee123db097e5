import type { DatabaseConfig } from '../config'
import { type DbSettings, dbSettingsFromUrl } from './dbSettings'
import { startEmbeddedPostgres } from './startEmbeddedPostgres'
import { tiePostmaster } from './tiePostmaster'

/** A database ready to connect to, and how to release it. */
export type DatabaseHandle = {
  settings: DbSettings
  /** 'embedded' when this process started the server (stop() stops it), else 'external'. */
  kind: DatabaseConfig['kind']
  /** Stops the embedded server; a no-op for an external one. */
  stop(): Promise<void>
}

/**
 * Resolves `config.database` to connection settings: starts the embedded server (under its
 * `dataDir`, on its port or a free one, tied to this process by {@link tiePostmaster} so it never
 * outlives it) or parses the external URL.
 *
 * @throws {EmbeddedPostgresStartError} when the embedded server does not start.
 * @throws {DatabaseUrlError} when the external URL is malformed.
 * @example
 * const db = await startDatabase(config.database)
 * try { await runIndexer({ config, manifest, db: db.settings }) } finally { await db.stop() }
 */
export async function startDatabase(
  database: DatabaseConfig,
  opts: { onLog?: (line: string) => void; durable?: boolean } = {},
): Promise<DatabaseHandle> {
  if (database.kind === 'external')
    return { kind: 'external', settings: dbSettingsFromUrl(database.url), stop: async () => {} }
  const server = await startEmbeddedPostgres({
    dataDir: database.dataDir,
    port: database.port,
    onLog: opts.onLog,
    durable: opts.durable,
  })
  const tie = tiePostmaster(server.dataDir)
  return {
    kind: 'embedded',
    settings: server.settings,
    stop: async () => {
      await server.stop()
      tie.release()
    },
  }
}
