import fs from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import { MIGRATIONS_DIR } from './createDataSource'
import type { DbSettings } from './dbSettings'
import type { IndexDeferral } from './deferredIndexes'
import { MigrationError, MigrationNameError } from './errors'
import { withClient } from './withClient'

/** What a migration's `up(db)` may call: generated migrations only run SQL text. */
type MigrationDb = { query(sql: string, params?: unknown[]): Promise<unknown> }
type Migration = { name: string; timestamp: number; up(db: MigrationDb): Promise<void> }

/** TypeORM's migrations table, as its own runner creates it (same constraint name). */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "migrations" ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, "name" character varying NOT NULL, CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY ("id"))`
/**
 * Transaction advisory lock (`pg_advisory_xact_lock(hashtext(key))`) held while the schema changes:
 * serialises concurrent appliers (an indexer and an API started together), and the API's read-only
 * role set-up takes it too, so no table is created between its grants and their commit.
 */
export const MIGRATIONS_LOCK_KEY = 'openledger:migrations'
const LOCK = `SELECT pg_advisory_xact_lock(hashtext('${MIGRATIONS_LOCK_KEY}'))`
/**
 * Statements that can be sent together: schema changes, and data changes without RETURNING (a
 * backfill). None of them returns rows, so a migration recorded against empty answers issues
 * exactly what it would against real ones; the deferral builds the indexes of any table such a
 * statement names before it.
 */
const PLAIN = /^\s*(CREATE|ALTER|DROP|COMMENT\s+ON|UPDATE|INSERT|DELETE)\b/i
const RETURNING = /\bRETURNING\b/i

/**
 * Applies every pending migration of db/migrations in one transaction, recording each in TypeORM's
 * `migrations` table as `squid-typeorm-migration apply` does (so either tool sees the other's
 * work). Idempotent: returns the names of the ones it ran.
 *
 * A migration whose statements are all DDL or row-less data changes (every generated one, and backfills) is sent as one multi-statement
 * query: a fresh schema is ~150 statements, and one round trip each made start-up wait on the
 * indexer's busy event loop (0.65 s instead of 0.13 s). Any other migration runs statement by
 * statement with real results.
 *
 * @throws {MigrationError} when a migration fails (none of this call's migrations is kept).
 * @example
 * await applyMigrations(db.settings) // ['Data1764090000000']
 */
export async function applyMigrations(settings: DbSettings, dir = MIGRATIONS_DIR): Promise<string[]> {
  try {
    return await withClient(settings, (client) => applyMigrationsWith(client, dir))
  } catch (cause) {
    throw cause instanceof MigrationError ? cause : new MigrationError({ cause })
  }
}

/**
 * {@link applyMigrations} over a connected client (left open; its transaction is committed, or
 * rolled back on failure).
 *
 * @throws {MigrationError} when a migration fails.
 */
export async function applyMigrationsWith(
  client: pg.Client,
  dir = MIGRATIONS_DIR,
  /** Keep the secondary index builds of plain-DDL migrations for later ({@link IndexDeferral}). */
  deferral?: IndexDeferral,
): Promise<string[]> {
  try {
    const migrations = loadMigrations(dir)
    const results = (await client.query(
      `BEGIN; ${LOCK}; ${CREATE_TABLE}; SELECT "name" FROM "migrations"`,
    )) as unknown as pg.QueryResult<{ name: string }>[]
    const applied = new Set(results[results.length - 1].rows.map((r) => r.name))
    const pending = migrations.filter((m) => !applied.has(m.name))
    // Plain migrations in a row go together, with the commit when nothing else follows: the indexer
    // applies them while its event loop decodes the first blocks, where each round trip waits.
    let queued: string[] = []
    for (const m of pending) {
      const recorded = await record(m)
      const logRow = `INSERT INTO "migrations"("timestamp", "name") VALUES (${m.timestamp}, ${client.escapeLiteral(m.name)})`
      if (recorded) queued.push(...(deferral?.filter(recorded) ?? recorded), logRow)
      else {
        // It reads the schema as it runs: it gets every index built before it.
        const owed = [...queued, ...(deferral?.deferred.values() ?? [])]
        queued = []
        deferral?.deferred.clear()
        if (owed.length) await client.query(owed.join(';\n'))
        await m.up({ query: async (sql, params) => (await client.query(sql, params as unknown[])).rows })
        await client.query(logRow)
      }
    }
    await client.query([...queued, ...(deferral?.recordSql() ?? []), 'COMMIT'].join(';\n'))
    return pending.map((m) => m.name)
  } catch (cause) {
    await client.query('ROLLBACK').catch(() => {})
    throw new MigrationError({ cause })
  }
}

/** The migration's statements when they are all plain DDL without parameters, else undefined. */
async function record(m: Migration): Promise<string[] | undefined> {
  const statements: string[] = []
  let plain = true
  try {
    await m.up({
      query: async (sql, params) => {
        if (params?.length || !PLAIN.test(sql) || RETURNING.test(sql)) plain = false
        statements.push(sql.trim().replace(/;$/, ''))
        return []
      },
    })
  } catch {
    return undefined // it needs real results
  }
  return plain ? statements : undefined
}

/** The migration classes of `dir` (compiled JavaScript), oldest first. */
function loadMigrations(dir: string): Migration[] {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.js')) : []
  return files
    .map((f) => {
      const Class = require(path.join(dir, f)) as new () => {
        name?: string
        up(db: MigrationDb): Promise<void>
      }
      const instance = new Class()
      const name = instance.name ?? Class.name
      // TypeORM's rule: the timestamp is the name's last 13 digits.
      const timestamp = Number.parseInt(name.slice(-13), 10)
      if (!Number.isFinite(timestamp)) throw new MigrationNameError(f, name)
      return { name, timestamp, up: (db: MigrationDb) => instance.up(db) }
    })
    .sort((a, b) => a.timestamp - b.timestamp)
}
