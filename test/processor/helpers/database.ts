import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { DbSettings } from '../../../src/db/dbSettings'
import { startEmbeddedPostgres } from '../../../src/db/startEmbeddedPostgres'

export type TestDatabase = {
  settings: DbSettings
  /** A fresh, empty database on the same server (for a clean re-index to compare with). */
  createDatabase(name: string): Promise<DbSettings>
  query<T extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    db?: DbSettings,
  ): Promise<T[]>
  stop(): Promise<void>
}

/**
 * Starts a private embedded PostgreSQL (own data dir under the OS temp dir, free port, fsync off).
 *
 * @example
 * const db = await setupDatabase()
 * await db.stop()
 */
export async function setupDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-idx-'))
  fs.chmodSync(dir, 0o777)
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), durable: false }).catch(
    (err) => {
      fs.rmSync(dir, { recursive: true, force: true })
      throw err
    },
  )
  const query = async <T extends pg.QueryResultRow>(
    sql: string,
    params: unknown[] = [],
    db = server.settings,
  ) => {
    const client = new pg.Client({ ...db })
    await client.connect()
    try {
      return (await client.query<T>(sql, params)).rows
    } finally {
      await client.end()
    }
  }
  return {
    settings: server.settings,
    query,
    createDatabase: async (name) => {
      await query(`CREATE DATABASE "${name}"`)
      return { ...server.settings, database: name }
    },
    stop: async () => {
      await server.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
