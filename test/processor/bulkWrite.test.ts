import { Store } from '@subsquid/typeorm-store'
import { ChangeTracker, rollbackBlock } from '@subsquid/typeorm-store/lib/hot'
import type { DataSource, EntityManager } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newAccount } from '../../src/computation/handlerContext'
import { applyMigrations } from '../../src/db/applyMigrations'
import { createDataSource } from '../../src/db/createDataSource'
import type { DbSettings } from '../../src/db/dbSettings'
import { BulkWriteError } from '../../src/db/write/errors'
import { insertRows } from '../../src/db/write/insertRows'
import { unnestStatements } from '../../src/db/write/unnestStatements'
import { upsertRows } from '../../src/db/write/upsertRows'
import { writeAsScript } from '../../src/db/write/writeScript'
import {
  type Account,
  AnomalyKind,
  ChainTransaction,
  IndexingAnomaly,
  Token,
  TokenTransfer,
} from '../../src/model'
import { setupDatabase, type TestDatabase } from './helpers/database'

// The bulk writers must leave exactly the rows TypeORM's own insert/upsert (what `store.insert` and
// `store.upsert` send) leaves, for every column kind the schema uses, and record hot-block
// changes so a rollback restores the previous state.

let db: TestDatabase
const sources: DataSource[] = []

beforeAll(async () => {
  db = await setupDatabase()
}, 60_000)

afterAll(async () => {
  for (const s of sources) await s.destroy()
  await db?.stop()
})

async function freshDatabase(name: string): Promise<{ settings: DbSettings; source: DataSource }> {
  const settings = await db.createDatabase(name)
  await applyMigrations(settings)
  const source = createDataSource(settings)
  await source.initialize()
  sources.push(source)
  return { settings, source }
}

/** Every row of `table` as Postgres prints it, ordered by id. */
async function rowsOf(settings: DbSettings, table: string): Promise<string[]> {
  const rows = await db.query<{ r: string }>(
    `SELECT x::text AS r FROM "${table}" x ORDER BY id`,
    [],
    settings,
  )
  return rows.map((r) => r.r)
}

function account(id: string, n: number): Account {
  return Object.assign(newAccount(id, n), {
    wopenBalance: 10n ** 30n + BigInt(n),
    votingPower: -5n,
    delegate: n % 2 ? null : `0x${'d'.repeat(40)}`,
    contributionCount: n,
  })
}

function sample() {
  const a = account(`0x${'a'.repeat(40)}`, 1)
  const b = account(`0x${'b'.repeat(40)}`, 2)
  const txs = [
    new ChainTransaction({
      id: `0x${'1'.repeat(64)}`,
      blockNumber: 7,
      timestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
      from: a,
      to: null,
      gasUsed: 21_000n,
      gasPrice: undefined,
      effectiveGasPrice: 1n,
      l1Fee: 0n,
      l1GasUsed: null,
      totalFee: 21_000n,
      contracts: ['InferenceRouter', 'ModelFund'],
    }),
    new ChainTransaction({
      id: `0x${'2'.repeat(64)}`,
      blockNumber: 8,
      timestamp: new Date(0),
      from: b,
      to: `0x${'c'.repeat(40)}`,
      contracts: [],
    }),
  ]
  const anomalies = [
    new IndexingAnomaly({
      id: '0000000009-000001',
      kind: AnomalyKind.MALFORMED_LOG,
      contract: 'WOPEN',
      address: `0x${'e'.repeat(40)}`,
      topic0: null,
      // Array elements that need quoting in an array literal.
      topics: ['a,b', 'say "hi"', 'back\\slash', 'NULL', '{x}', '', ' padded '],
      data: '0x',
      message: "unicode ✓, quote ' and tab\t",
      blockNumber: 9,
      logIndex: 1,
      txHash: `0x${'3'.repeat(64)}`,
    }),
  ]
  return { accounts: [a, b], txs, anomalies }
}

async function inTransaction(source: DataSource, f: (em: EntityManager) => Promise<void>): Promise<void> {
  await source.transaction('READ COMMITTED', f)
}

describe('bulk writes (unnest) against embedded Postgres', () => {
  it('insert and upsert leave the same rows as TypeORM for every column kind', async () => {
    const ours = await freshDatabase('bulk_ours')
    const theirs = await freshDatabase('bulk_theirs')
    const first = sample()
    await inTransaction(ours.source, async (em) => {
      const store = new Store(() => em)
      await upsertRows(store, first.accounts)
      await insertRows(store, first.txs)
      await insertRows(store, first.anomalies)
    })
    await inTransaction(theirs.source, async (em) => {
      const store = new Store(() => em)
      await store.upsert(first.accounts)
      await store.insert(first.txs)
      await store.insert(first.anomalies)
    })
    // Upsert again: one row changed, one new.
    const changed = account(`0x${'a'.repeat(40)}`, 3)
    const added = account(`0x${'f'.repeat(40)}`, 4)
    await inTransaction(ours.source, (em) => upsertRows(new Store(() => em), [changed, added]))
    await inTransaction(theirs.source, (em) => new Store(() => em).upsert([changed, added]))

    for (const table of ['account', 'chain_transaction', 'indexing_anomaly']) {
      const rows = await rowsOf(ours.settings, table)
      expect(rows.length).toBeGreaterThan(0)
      expect(rows).toEqual(await rowsOf(theirs.settings, table))
    }
    expect(await rowsOf(ours.settings, 'account')).toHaveLength(3)
    const [anomaly] = await ours.source.getRepository(IndexingAnomaly).find()
    expect(anomaly.topics).toEqual(first.anomalies[0].topics)
  })

  it('as one script (upserts inline, inserts by COPY) leaves the same rows as TypeORM', async () => {
    const ours = await freshDatabase('script_ours')
    const theirs = await freshDatabase('script_theirs')
    const first = sample()
    // COPY's own escapes: backslash, tab, newline and carriage return inside values.
    first.anomalies[0].message = 'tab\there, newline\nthere, cr\rthere, back\\slash \\N, ✓'
    await inTransaction(ours.source, async (em) => {
      const written = await writeAsScript(em, [
        { upsert: unnestStatements(em, first.accounts, 'upsert') },
        { insert: unnestStatements(em, first.txs, 'insert') },
        { insert: unnestStatements(em, first.anomalies, 'insert') },
      ])
      expect(written).toBe(true)
    })
    await inTransaction(theirs.source, async (em) => {
      const store = new Store(() => em)
      await store.upsert(first.accounts)
      await store.insert(first.txs)
      await store.insert(first.anomalies)
    })
    for (const table of ['account', 'chain_transaction', 'indexing_anomaly']) {
      const rows = await rowsOf(ours.settings, table)
      expect(rows.length).toBeGreaterThan(0)
      expect(rows).toEqual(await rowsOf(theirs.settings, table))
    }
    const [anomaly] = await ours.source.getRepository(IndexingAnomaly).find()
    expect(anomaly.message).toBe(first.anomalies[0].message)
    expect(anomaly.topics).toEqual(first.anomalies[0].topics)
    // Outside a transaction there is no connection of its own to script on: nothing is written.
    expect(
      await writeAsScript(ours.source.manager, [
        { upsert: unnestStatements(ours.source.manager, first.accounts, 'upsert') },
      ]),
    ).toBe(false)
  })

  it('writes more rows than one statement holds', async () => {
    const { settings, source } = await freshDatabase('bulk_many')
    const many = Array.from({ length: 45_000 }, (_, i) => account(`0x${i.toString(16).padStart(40, '0')}`, i))
    await inTransaction(source, (em) => upsertRows(new Store(() => em), many))
    const [n] = await db.query<{ n: string; s: string }>(
      'SELECT count(*) AS n, sum(contribution_count)::text AS s FROM account',
      [],
      settings,
    )
    expect(n).toEqual({ n: '45000', s: String((45_000 * 44_999) / 2) })
  })

  it('raises on a value too long for its column instead of truncating it', async () => {
    const { source } = await freshDatabase('bulk_overflow')
    const bad = sample().anomalies[0]
    bad.kind = 'MUCH_TOO_LONG_FOR_THE_COLUMN' as AnomalyKind
    await expect(inTransaction(source, (em) => insertRows(new Store(() => em), [bad]))).rejects.toThrow(
      /too long/,
    )
  })

  it('rejects rows of different entity types in one call', async () => {
    const { source } = await freshDatabase('bulk_mixed')
    const { accounts, txs } = sample()
    await expect(
      inTransaction(source, (em) => insertRows(new Store(() => em), [...accounts, ...txs])),
    ).rejects.toBeInstanceOf(BulkWriteError)
  })

  it('records hot-block changes: rolling the block back restores the previous rows', async () => {
    const { settings, source } = await freshDatabase('bulk_hot')
    // The status schema and hot-block tables as typeorm-store creates them.
    await inTransaction(source, async (em) => {
      await em.query('CREATE SCHEMA squid_processor')
      await em.query('CREATE TABLE squid_processor.hot_block (height int4 primary key, hash text not null)')
      await em.query(
        'CREATE TABLE squid_processor.hot_change_log (block_height int4 not null references squid_processor.hot_block on delete cascade, index int4 not null, change jsonb not null, PRIMARY KEY (block_height, index))',
      )
    })
    const before = sample()
    await inTransaction(source, async (em) => {
      await upsertRows(new Store(() => em), before.accounts)
    })
    const snapshot = await rowsOf(settings, 'account')

    await inTransaction(source, async (em) => {
      await em.query(`INSERT INTO squid_processor.hot_block (height, hash) VALUES (10, '0x10')`)
      const store = new Store(() => em, new ChangeTracker(em, 'squid_processor', 10))
      await upsertRows(store, [account(`0x${'a'.repeat(40)}`, 99), account(`0x${'9'.repeat(40)}`, 5)])
      await insertRows(store, before.txs)
      await insertRows(store, before.anomalies)
    })
    expect(await rowsOf(settings, 'account')).toHaveLength(3)
    expect(await rowsOf(settings, 'chain_transaction')).toHaveLength(2)

    await inTransaction(source, (em) => rollbackBlock('squid_processor', em, 10))
    expect(await rowsOf(settings, 'account')).toEqual(snapshot)
    expect(await rowsOf(settings, 'chain_transaction')).toEqual([])
    expect(await rowsOf(settings, 'indexing_anomaly')).toEqual([])
  })

  describe('foreign keys checked once per insert instead of per row', () => {
    const transfer = (id: string, from: string, to: string) =>
      new TokenTransfer({
        id,
        token: Token.WOPEN,
        from: { id: from } as Account,
        to: { id: to } as Account,
        amount: 1n,
        blockNumber: 1,
        timestamp: new Date(0),
        txHash: '0x01',
      })
    const a = `0x${'a'.repeat(40)}`
    const missing = `0x${'0'.repeat(40)}`

    async function withAccounts(name: string) {
      const fresh = await freshDatabase(name)
      await inTransaction(fresh.source, (em) => upsertRows(new Store(() => em), [account(a, 1)]))
      return fresh
    }

    const writers: [string, (em: EntityManager, rows: TokenTransfer[]) => Promise<unknown>][] = [
      ['statement by statement', (em, rows) => insertRows(new Store(() => em), rows)],
      ['as one script', (em, rows) => writeAsScript(em, [{ insert: unnestStatements(em, rows, 'insert') }])],
    ]
    it.each(writers)(
      '%s: inserts rows whose references exist, and rolls back on one that does not',
      async (how, write) => {
        const { settings, source } = await withAccounts(`fk_${how.replace(/ /g, '_')}`)
        await inTransaction(source, (em) => write(em, [transfer('1', a, a)]).then(() => {}))
        const bad = [transfer('2', a, a), transfer('3', a, missing)]
        await expect(inTransaction(source, (em) => write(em, bad).then(() => {}))).rejects.toThrow(
          /violates foreign key .*: 1 of the account rows it references do not exist/,
        )
        expect(await rowsOf(settings, 'token_transfer')).toHaveLength(1)
        // The trigger bypass is local to the transaction.
        const [role] = await db.query<{ r: string }>(
          "SELECT current_setting('session_replication_role') AS r",
          [],
          settings,
        )
        expect(role.r).toBe('origin')
      },
    )

    it('keeps the row triggers for a user who may not skip them', async () => {
      const { settings } = await withAccounts('fk_plain')
      await db.query(
        `CREATE ROLE plain LOGIN PASSWORD 'plain'; GRANT ALL ON ALL TABLES IN SCHEMA public TO plain`,
        [],
        settings,
      )
      const plain = createDataSource({ ...settings, user: 'plain', password: 'plain' })
      await plain.initialize()
      sources.push(plain)
      await inTransaction(plain, (em) => insertRows(new Store(() => em), [transfer('1', a, a)]))
      await expect(
        inTransaction(plain, (em) => insertRows(new Store(() => em), [transfer('2', a, missing)])),
      ).rejects.toThrow(/violates foreign key constraint/)
      expect(await rowsOf(settings, 'token_transfer')).toHaveLength(1)
    })

    it('keeps the row triggers on a table with triggers of its own', async () => {
      const { settings, source } = await withAccounts('fk_trigger')
      await db.query(
        `CREATE TABLE seen (id text); CREATE FUNCTION note() RETURNS trigger AS $$ BEGIN INSERT INTO seen VALUES (NEW.id); RETURN NEW; END $$ LANGUAGE plpgsql;
         CREATE TRIGGER note AFTER INSERT ON token_transfer FOR EACH ROW EXECUTE FUNCTION note()`,
        [],
        settings,
      )
      await inTransaction(source, (em) => insertRows(new Store(() => em), [transfer('1', a, a)]))
      expect(await db.query('SELECT id FROM seen', [], settings)).toEqual([{ id: '1' }])
      await expect(
        inTransaction(source, (em) => insertRows(new Store(() => em), [transfer('2', a, missing)])),
      ).rejects.toThrow(/violates foreign key constraint/)
    })
  })
})
