import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { applyMigrations } from './applyMigrations'
import { createDataSource, MIGRATIONS_DIR } from './createDataSource'
import { startEmbeddedPostgres } from './startEmbeddedPostgres'

/**
 * Writes db/migrations/Data<timestamp>.js with the SQL that brings a database migrated to the
 * current db/migrations up to the current src/model, in the file format of
 * `squid-typeorm-migration generate`. Works on a throw-away embedded PostgreSQL, so it needs no
 * server and no compiled `lib/`. Returns the file written, or undefined when nothing changed.
 *
 * @example
 * await generateMigration() // '/repo/db/migrations/1764090000000-Data.js'
 */
export async function generateMigration(
  opts: { log?: (line: string) => void } = {},
): Promise<string | undefined> {
  const log = opts.log ?? console.log
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-migration-'))
  fs.chmodSync(dataDir, 0o777)
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), durable: false })
  try {
    await applyMigrations(pg.settings)
    const ds = createDataSource(pg.settings, { poolSize: 1 })
    await ds.initialize()
    try {
      const sql = await ds.driver.createSchemaBuilder().log()
      if (sql.upQueries.length === 0) {
        log('the database schema is up to date: no migration written')
        return undefined
      }
      const ts = Date.now()
      const q = (s: string) => `\`${s.replace(/`/g, '\\`')}\``
      const up = sql.upQueries.map((x) => `        await db.query(${q(x.query)})`).join('\n')
      const down = sql.downQueries
        .reverse()
        .map((x) => `        await db.query(${q(x.query)})`)
        .join('\n')
      const body = `module.exports = class Data${ts} {\n    name = 'Data${ts}'\n\n    async up(db) {\n${up}\n    }\n\n    async down(db) {\n${down}\n    }\n}\n`
      fs.mkdirSync(MIGRATIONS_DIR, { recursive: true })
      const file = path.join(MIGRATIONS_DIR, `${ts}-Data.js`)
      fs.writeFileSync(file, body)
      log(`wrote ${path.relative(process.cwd(), file)} (${sql.upQueries.length} statements)`)
      return file
    } finally {
      await ds.destroy()
    }
  } finally {
    await pg.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
