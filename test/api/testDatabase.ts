import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { DbSettings } from '../../src/db'
import { startEmbeddedPostgres, tiePostmaster } from '../../src/db'

/** A private embedded PostgreSQL for one test file: own temp data dir, free port, no fsync. */
export type TestDatabase = { settings: DbSettings; admin: pg.Pool; stop(): Promise<void> }

/**
 * Starts a throwaway PostgreSQL cluster and returns an admin pool on it.
 *
 * @example
 * const db = await startTestDatabase()
 * afterAll(() => db.stop())
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-test-pg-'))
  fs.chmodSync(dataDir, 0o777)
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), durable: false })
  // Stopped by stop(), or by the watchdog when the test process ends first (a failed setup).
  const tie = tiePostmaster(server.dataDir)
  const s = server.settings
  const admin = new pg.Pool({
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password: s.password,
    max: 4,
  })
  // Idle clients see "terminating connection" when the server stops; that is expected here.
  admin.on('error', () => {})
  return {
    settings: s,
    admin,
    async stop() {
      await admin.end().catch(() => {})
      await server.stop()
      tie.release()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
