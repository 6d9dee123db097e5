import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyMigrations, applyMigrationsWith } from '../../src/db/applyMigrations'
import { createDataSource } from '../../src/db/createDataSource'
import type { DbSettings } from '../../src/db/dbSettings'
import { deferIndexes, IndexDeferral, restoreDeferredIndexes, runSql } from '../../src/db/deferredIndexes'
import { IndexBuildError, MigrationError } from '../../src/db/errors'
import { setupDatabase, type TestDatabase } from './helpers/database'

// Schema set-up on a real PostgreSQL: the one-round-trip migration runner against TypeORM's own,
// and the secondary indexes deferred while indexing from genesis.

let db: TestDatabase
const dirs: string[] = []

beforeAll(async () => {
  db = await setupDatabase()
}, 60_000)

afterAll(async () => {
  await db?.stop()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** Every object of the public schema as the catalog describes it (tables, columns, indexes, constraints). */
async function schemaOf(settings: DbSettings): Promise<string[]> {
  const rows = await db.query<{ d: string }>(
    `SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS d
       FROM information_schema.columns WHERE table_schema = 'public'
     UNION ALL SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
     UNION ALL SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace
     ORDER BY 1`,
    [],
    settings,
  )
  return rows.map((r) => r.d)
}

async function withClient<T>(settings: DbSettings, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...settings })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function migrationDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-migrations-'))
  dirs.push(dir)
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body)
  return dir
}

describe('applyMigrations', () => {
  it("leaves the same schema and migrations table as TypeORM's runner, and is idempotent", async () => {
    const ours = await db.createDatabase('ours')
    const typeorm = await db.createDatabase('typeorm')
    const ran = await applyMigrations(ours)
    expect(ran.length).toBeGreaterThanOrEqual(2)
    const ds = createDataSource(typeorm, { poolSize: 1 })
    await ds.initialize()
    const theirs = await ds.runMigrations({ transaction: 'each' })
    await ds.destroy()
    expect(theirs.map((m) => m.name)).toEqual(ran)
    expect(await schemaOf(ours)).toEqual(await schemaOf(typeorm))
    const log = 'SELECT id, "timestamp", name FROM migrations ORDER BY id'
    expect(await db.query(log, [], ours)).toEqual(await db.query(log, [], typeorm))
    expect(await applyMigrations(ours)).toEqual([])
    // TypeORM sees nothing pending in a database migrated here.
    const again = createDataSource(ours, { poolSize: 1 })
    await again.initialize()
    expect(await again.showMigrations()).toBe(false)
    await again.destroy()
  })

  it('runs a migration that reads results statement by statement', async () => {
    const settings = await db.createDatabase('reads')
    const dir = migrationDir({
      '1700000000001-Seed.js': `module.exports = class Seed1700000000001 {
        async up(db) {
          await db.query('CREATE TABLE seeded (n int)')
          await db.query('INSERT INTO seeded VALUES (1), (2)')
        }
      }`,
      '1700000000002-Double.js': `module.exports = class Double1700000000002 {
        async up(db) {
          const rows = await db.query('SELECT sum(n)::int AS s FROM seeded')
          await db.query('INSERT INTO seeded VALUES ($1)', [rows[0].s * 10])
        }
      }`,
    })
    expect(await applyMigrations(settings, dir)).toEqual(['Seed1700000000001', 'Double1700000000002'])
    expect(await db.query('SELECT n FROM seeded ORDER BY n', [], settings)).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 30 },
    ])
  })

  it('keeps nothing of a failing run and says so with MigrationError', async () => {
    const settings = await db.createDatabase('failing')
    const dir = migrationDir({
      '1700000000001-Good.js': `module.exports = class Good1700000000001 { async up(db) { await db.query('CREATE TABLE good (n int)') } }`,
      '1700000000002-Bad.js': `module.exports = class Bad1700000000002 { async up(db) { await db.query('CREATE TABLE good (n int)') } }`,
    })
    await expect(applyMigrations(settings, dir)).rejects.toBeInstanceOf(MigrationError)
    expect(
      await db.query(`SELECT to_regclass('good') AS t, to_regclass('migrations') AS m`, [], settings),
    ).toEqual([{ t: null, m: null }])
  })

  it('serialises two appliers on one database', async () => {
    const settings = await db.createDatabase('concurrent')
    const [a, b] = await Promise.all([applyMigrations(settings), applyMigrations(settings)])
    expect([...a, ...b].sort()).toEqual([...(a.length ? a : b)].sort())
    expect(await db.query('SELECT count(*)::int AS n FROM migrations', [], settings)).toEqual([
      { n: Math.max(a.length, b.length) },
    ])
  })
})

describe('deferred indexes', () => {
  it('drops the secondary indexes of a fresh database and builds the same ones back', async () => {
    const settings = await db.createDatabase('deferred')
    await applyMigrations(settings)
    const before = await schemaOf(settings)
    const names = await withClient(settings, (c) => deferIndexes(runSql(c)))
    expect(names.length).toBeGreaterThan(20)
    expect(names).toContain('IDX_f62ce2d807e8c6ce2651d2ebf9') // token_transfer (from_id)
    const during = await schemaOf(settings)
    for (const n of names)
      expect(during.some((d) => d.includes(`"${n}"`) || d.includes(` ${n} `))).toBe(false)
    // Primary keys, unique indexes and foreign keys stay.
    expect(during.filter((d) => d.startsWith('con '))).toEqual(before.filter((d) => d.startsWith('con ')))
    expect(during.some((d) => d.includes('UNIQUE INDEX'))).toBe(
      before.some((d) => d.includes('UNIQUE INDEX')),
    )

    // One connection and several build the same indexes.
    expect(await restoreDeferredIndexes(settings, { connections: 1 })).toBe(names.length)
    expect(await schemaOf(settings)).toEqual(before)
    expect(await restoreDeferredIndexes(settings)).toBe(0)
    await withClient(settings, (c) => deferIndexes(runSql(c)))
    expect(await restoreDeferredIndexes(settings, { connections: 3 })).toBe(names.length)
    expect(await schemaOf(settings)).toEqual(before)
  })

  it("defers a fresh database's index builds while migrating, and builds TypeORM's schema back", async () => {
    const ours = await db.createDatabase('deferred_migrations')
    const typeorm = await db.createDatabase('typeorm_reference')
    const ds = createDataSource(typeorm, { poolSize: 1 })
    await ds.initialize()
    await ds.runMigrations({ transaction: 'each' })
    await ds.destroy()
    const deferral = new IndexDeferral()
    await withClient(ours, (c) => applyMigrationsWith(c, undefined, deferral))
    // The second migration drops four of the first one's indexes: those are never built at all.
    expect(deferral.deferred.has('IDX_b13bb0ac1338578cb6dfa9aafe')).toBe(false)
    expect(deferral.deferred.has('IDX_f62ce2d807e8c6ce2651d2ebf9')).toBe(true)
    const during = await schemaOf(ours)
    for (const name of deferral.deferred.keys()) expect(during.join('\n')).not.toContain(`"${name}"`)
    expect(await restoreDeferredIndexes(ours)).toBe(deferral.deferred.size)
    expect(await schemaOf(ours)).toEqual(await schemaOf(typeorm))
  })

  it('builds deferred indexes before a statement that names their table, forgets dropped ones', () => {
    const deferral = new IndexDeferral()
    const out = deferral.filter([
      'CREATE TABLE "a" ("id" int, "x" int)',
      'CREATE INDEX "IDX_a_x" ON "a" ("x") ',
      'CREATE INDEX "IDX_a_id" ON "a" ("id") ',
      'CREATE TABLE "b" ("id" int)',
      'CREATE INDEX "IDX_b" ON "b" ("id") ',
      'DROP INDEX "public"."IDX_a_id"',
      'ALTER TABLE "b" ADD CONSTRAINT "FK_b" FOREIGN KEY ("id") REFERENCES "a"("id")',
      'ALTER TABLE "a" RENAME COLUMN "x" TO "y"',
      'CREATE TABLE "c" ("id" int)',
      'CREATE INDEX "IDX_c" ON "c" ("id") ',
      'DROP TABLE "c"',
    ])
    expect(out).toEqual([
      'CREATE TABLE "a" ("id" int, "x" int)',
      'CREATE TABLE "b" ("id" int)',
      'ALTER TABLE "b" ADD CONSTRAINT "FK_b" FOREIGN KEY ("id") REFERENCES "a"("id")',
      'CREATE INDEX "IDX_a_x" ON "a" ("x")',
      'ALTER TABLE "a" RENAME COLUMN "x" TO "y"',
      'CREATE TABLE "c" ("id" int)',
      'DROP TABLE "c"',
    ])
    expect([...deferral.deferred.keys()]).toEqual(['IDX_b'])
  })

  it('keeps the definitions of builds that fail, builds the rest, and says so with IndexBuildError', async () => {
    const settings = await db.createDatabase('failing_build')
    await applyMigrations(settings)
    const before = await schemaOf(settings)
    const names = await withClient(settings, (c) => deferIndexes(runSql(c)))
    // A large table's indexes are builds of their own; a broken one among them fails.
    await db.query(
      `CREATE TABLE big AS SELECT g AS x, md5(g::text) AS y FROM generate_series(1, 30000) g;
       INSERT INTO openledger_indexer.deferred_index VALUES
         ('IDX_big_x', 'CREATE INDEX "IDX_big_x" ON "big" ("x")'),
         ('IDX_big_y', 'CREATE INDEX "IDX_big_y" ON public.big USING btree (y)'),
         ('IDX_broken', 'CREATE INDEX "IDX_broken" ON "big" ("no_such_column")')`,
      [],
      settings,
    )
    const failed = await restoreDeferredIndexes(settings).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(IndexBuildError)
    expect((failed as IndexBuildError).message).toContain('Building 1 deferred index failed')
    const left = await db.query<{ name: string }>(
      'SELECT name FROM openledger_indexer.deferred_index',
      [],
      settings,
    )
    expect(left).toEqual([{ name: 'IDX_broken' }])
    const big = await db.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'big' ORDER BY 1`,
      [],
      settings,
    )
    expect(big.map((r) => r.indexname)).toEqual(['IDX_big_x', 'IDX_big_y'])
    await db.query('DROP TABLE big; DELETE FROM openledger_indexer.deferred_index', [], settings)
    expect(names.length).toBeGreaterThan(0)
    expect(await schemaOf(settings)).toEqual(before)
  })

  it('leaves a database that has indexed blocks alone', async () => {
    const settings = await db.createDatabase('started')
    await applyMigrations(settings)
    await db.query(
      `CREATE SCHEMA squid_processor; CREATE TABLE squid_processor.status (id int primary key, height int not null);
       INSERT INTO squid_processor.status VALUES (0, 41)`,
      [],
      settings,
    )
    const before = await schemaOf(settings)
    expect(await withClient(settings, (c) => deferIndexes(runSql(c)))).toEqual([])
    expect(await schemaOf(settings)).toEqual(before)
  })
})
