import { createDataSource } from './createDataSource'
import type { DbSettings } from './dbSettings'
import { MigrationError } from './errors'

/**
 * Applies every pending migration of db/migrations (each in its own transaction), as
 * `squid-typeorm-migration apply` would. Idempotent: returns the names of the ones it ran.
 *
 * @throws {MigrationError} when a migration fails (the database keeps the ones applied before).
 * @example
 * await applyMigrations(db.settings) // ['Data1764090000000']
 */
export async function applyMigrations(settings: DbSettings): Promise<string[]> {
  const ds = createDataSource(settings, { poolSize: 1 })
  try {
    await ds.initialize()
    const ran = await ds.runMigrations({ transaction: 'each' })
    return ran.map((m) => m.name)
  } catch (cause) {
    throw new MigrationError({ cause })
  } finally {
    if (ds.isInitialized) await ds.destroy()
  }
}
