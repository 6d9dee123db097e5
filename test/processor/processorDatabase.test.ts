import { TypeormDatabase } from '@subsquid/typeorm-store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyMigrations } from '../../src/db/applyMigrations'
import { createDataSource } from '../../src/db/createDataSource'
import { ProcessorDatabaseStateError } from '../../src/db/errors'
import { ProcessorDatabase } from '../../src/db/processorDatabase'
import { storeInternals } from '../../src/db/write/storeInternals'
import { setupDatabase, type TestDatabase } from './helpers/database'

// ProcessorDatabase opens each batch's transaction with one script (isolation level, synchronous
// commit off, status reads) instead of typeorm-store's round trip per statement, and runs work
// registered with afterCommit once a batch has committed.

let db: TestDatabase

beforeAll(async () => {
  db = await setupDatabase()
}, 60_000)

afterAll(async () => {
  await db?.stop()
})

describe('ProcessorDatabase', () => {
  it('runs each batch READ COMMITTED with synchronous commit off, and records its progress', async () => {
    const settings = await db.createDatabase('processor_db')
    await applyMigrations(settings)
    // The test server runs without synchronous commit; this database gets it back, as in production.
    await db.query('ALTER DATABASE processor_db SET synchronous_commit = on', [], settings)
    const database = new ProcessorDatabase(settings, { supportHotBlocks: true })
    const start = await database.connect()
    expect(start.height).toBe(-1)
    const seen: Record<string, unknown>[] = []
    try {
      let head = { height: start.height, hash: start.hash }
      for (const height of [5, 9]) {
        const next = { height, hash: `0x${height}` }
        await database.transact({ prevHead: head, nextHead: next }, async (store) => {
          const em = storeInternals(store)?.em
          if (!em) throw new Error('no entity manager')
          const [row] = (await em.query(
            `SELECT current_setting('transaction_isolation') AS isolation, current_setting('synchronous_commit') AS sync`,
          )) as Record<string, unknown>[]
          seen.push(row)
        })
        head = next
      }
      expect(seen).toEqual([
        { isolation: 'read committed', sync: 'off' },
        { isolation: 'read committed', sync: 'off' },
      ])
      const [status] = await db.query('SELECT height, hash, nonce FROM squid_processor.status', [], settings)
      expect(status).toEqual({ height: 9, hash: '0x9', nonce: 2 })
      // The setting is the transaction's own: other sessions keep the database's.
      const [session] = await db.query(`SELECT current_setting('synchronous_commit') AS s`, [], settings)
      expect(session).toEqual({ s: 'on' })
      // A stale head is refused as before (another processor wrote in between).
      await expect(
        database.transact(
          { prevHead: { height: 5, hash: '0x5' }, nextHead: { height: 12, hash: '0xc' } },
          async () => {},
        ),
      ).rejects.toThrow()
    } finally {
      await database.disconnect()
    }
  })

  it('runs afterCommit callbacks after the commit, in order, and drops them when the batch rolls back', async () => {
    const settings = await db.createDatabase('after_commit')
    await applyMigrations(settings)
    const database = new ProcessorDatabase(settings, { supportHotBlocks: true })
    const start = await database.connect()
    const seen: string[] = []
    /** The height another session sees when the callback runs: committed or not. */
    const committedHeight = async () =>
      (await db.query<{ height: number }>('SELECT height FROM squid_processor.status', [], settings))[0]
        .height
    try {
      const first = { height: 3, hash: '0x3' }
      await database.transact(
        { prevHead: { height: start.height, hash: start.hash }, nextHead: first },
        async () => {
          database.afterCommit(async () => {
            seen.push(`a@${await committedHeight()}`)
          })
          database.afterCommit(() => {
            seen.push('b')
          })
        },
      )
      expect(seen).toEqual(['a@3', 'b'])
      await expect(
        database.transact({ prevHead: first, nextHead: { height: 4, hash: '0x4' } }, async () => {
          database.afterCommit(() => {
            seen.push('rolled back')
          })
          throw new Error('batch failed')
        }),
      ).rejects.toThrow('batch failed')
      await database.transact({ prevHead: first, nextHead: { height: 4, hash: '0x4' } }, async () => {})
      expect(seen).toEqual(['a@3', 'b'])
      expect(await committedHeight()).toBe(4)
    } finally {
      await database.disconnect()
    }
  })

  it('says whether hot blocks are committed: not while their transaction is open, not after a final batch rolled them back', async () => {
    const settings = await db.createDatabase('hot_blocks')
    await applyMigrations(settings)
    const database = new ProcessorDatabase(settings, { supportHotBlocks: true })
    await database.connect()
    try {
      const base = { height: 4, hash: '0x4' }
      await database.transact({ prevHead: { height: -1, hash: '0x' }, nextHead: base }, async () => {})
      expect(await database.hasHotBlocks()).toBe(false)
      const seenInside: boolean[] = []
      await database.transactHot2(
        {
          finalizedHead: base,
          baseHead: base,
          newBlocks: [
            { height: 5, hash: '0x5' },
            { height: 6, hash: '0x6' },
          ],
        },
        async () => {
          seenInside.push(await database.hasHotBlocks())
        },
      )
      expect(seenInside).toEqual([false, false])
      expect(await database.hasHotBlocks()).toBe(true)
      // A restart's first final batch rolls them back before its own writes (typeorm-store's transact).
      await database.transact({ prevHead: base, nextHead: { height: 9, hash: '0x9' } }, async () => {})
      expect(await database.hasHotBlocks()).toBe(false)
    } finally {
      await database.disconnect()
    }
  })

  it("connects as the library does: the same status tables, the same state, an old database's columns added", async () => {
    /** The status schema's columns, defaults and constraints, as the catalog describes them. */
    const shape = async (settings: Parameters<typeof db.query>[2]) => ({
      columns: await db.query(
        `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
          WHERE table_schema = 'squid_processor' ORDER BY table_name, ordinal_position`,
        [],
        settings,
      ),
      constraints: await db.query(
        `SELECT conrelid::regclass::text AS tbl, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
          WHERE connamespace = 'squid_processor'::regnamespace ORDER BY 1, 2, 3`,
        [],
        settings,
      ),
      rows: await db.query('SELECT * FROM squid_processor.status', [], settings),
    })
    // The library's own connect(), through its initTransaction, on a DataSource of ours.
    const theirs = await db.createDatabase('library_connect')
    const library = new TypeormDatabase({ supportHotBlocks: true, stateSchema: 'squid_processor' })
    const con = createDataSource(theirs, { migrations: false })
    await con.initialize()
    // biome-ignore lint/suspicious/noExplicitAny: the library's private members, compared with ours
    const internals = library as any
    internals.con = con // it escapes the schema name through its connection
    const libraryState = await con.transaction('SERIALIZABLE', (em) => internals.initTransaction(em))
    await con.destroy()

    const ours = await db.createDatabase('our_connect')
    const database = new ProcessorDatabase(ours, { supportHotBlocks: true })
    try {
      expect(await database.connect()).toEqual(libraryState)
      expect(await database.startedEmpty()).toBe(true)
      await database.opened()
      expect(await shape(ours)).toEqual(await shape(theirs))
    } finally {
      await database.disconnect()
    }

    // A database of an older typeorm-store: no hash or nonce column, a processed height.
    const old = await db.createDatabase('old_status')
    await db.query(
      `CREATE SCHEMA squid_processor; CREATE TABLE squid_processor.status (id int4 primary key, height int4 not null);
       INSERT INTO squid_processor.status VALUES (0, 41)`,
      [],
      old,
    )
    const reopened = new ProcessorDatabase(old, { supportHotBlocks: true })
    try {
      expect(await reopened.connect()).toEqual({ height: 41, hash: '0x', nonce: 0, top: [] })
      expect(await reopened.startedEmpty()).toBe(false)
    } finally {
      await reopened.disconnect()
    }
  })

  it('refuses a transaction before connect() at once (it does not wait for a DataSource that never opens)', async () => {
    const settings = await db.createDatabase('unconnected')
    const database = new ProcessorDatabase(settings, { supportHotBlocks: true })
    const head = { height: -1, hash: '0x' }
    await expect(
      database.transact({ prevHead: head, nextHead: { height: 1, hash: '0x1' } }, async () => {}),
    ).rejects.toBeInstanceOf(ProcessorDatabaseStateError)
    await expect(database.hasHotBlocks()).rejects.toBeInstanceOf(ProcessorDatabaseStateError)
    await database.disconnect() // nothing to close
  })
})
