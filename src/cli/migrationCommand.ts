import type { Command } from 'commander'
import { loadConfig } from '../config'
import { applyMigrations } from '../db/applyMigrations'
import { generateMigration } from '../db/generateMigration'
import { startDatabase } from '../db/startDatabase'

/**
 * Registers `migration generate` (schema.graphql → model → db/migrations, on a throw-away embedded
 * PostgreSQL) and `migration apply` (against the configured database).
 *
 * @example
 * registerMigration(program) // then: openledger migration generate
 */
export function registerMigration(program: Command): void {
  const cmd = program.command('migration').description('database migrations in db/migrations')
  cmd
    .command('generate')
    .description('write a migration for the difference between db/migrations and src/model')
    .action(async () => {
      await generateMigration()
    })
  cmd
    .command('apply')
    .description('apply pending migrations to the configured database (DB_URL, DB_* or embedded)')
    .action(async () => {
      const db = await startDatabase(loadConfig().database)
      try {
        const ran = await applyMigrations(db.settings)
        console.log(ran.length ? `applied ${ran.join(', ')}` : 'no pending migrations')
      } finally {
        await db.stop()
      }
    })
}
