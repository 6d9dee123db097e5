import { Store, TypeormDatabase, type TypeormDatabaseOptions } from '@subsquid/typeorm-store'
import type pg from 'pg'
import type { DataSource, EntityManager } from 'typeorm'
import { createDataSource } from './createDataSource'
import type { DbSettings } from './dbSettings'
import { ProcessorDatabaseStateError } from './errors'
import { PROCESSOR_SCHEMA, processorStatusSql, processorTables } from './tables/processorStatus'
import { transactionClient } from './transactionClient'
import { withClient } from './withClient'

/** The processor's progress as the library reads it: the finalized head and the hot blocks above it. */
type HeadState = { height: number; hash: string; nonce: number; top: { hash: string; height: number }[] }

/**
 * Subsquid's `TypeormDatabase` (hot blocks, rollback log, status table) connected with explicit
 * settings instead of `DB_*` environment variables and `lib/model`.
 *
 * Workaround: typeorm-store 1.5 builds its DataSource inside `connect()` from the environment and
 * resolves the model from `lib/model` (or `src/model` under ts-node only), so entity classes would
 * differ from the ones the handlers construct under tsx/vitest. We override `connect()` to install
 * our own DataSource and to read the status as the library's `initTransaction` does, in one
 * script (see {@link ProcessorDatabase.connect}). Adds {@link ProcessorDatabase.opened},
 * {@link ProcessorDatabase.afterCommit} and {@link ProcessorDatabase.readStore}.
 *
 * @example
 * const db = new ProcessorDatabase(settings, { supportHotBlocks: true })
 * processor.run(db, handler)
 */
export class ProcessorDatabase extends TypeormDatabase {
  readonly #settings: DbSettings
  #afterCommit: (() => Promise<void> | void)[] = []
  #opening = pending()
  #startedEmpty = pending<boolean>()

  /** `stateSchema` is fixed: {@link PROCESSOR_SCHEMA}, which every reader of the status names. */
  constructor(settings: DbSettings, options: Omit<TypeormDatabaseOptions, 'stateSchema'> = {}) {
    const isolationLevel = options.isolationLevel ?? 'READ COMMITTED'
    super({ supportHotBlocks: true, ...options, isolationLevel, stateSchema: PROCESSOR_SCHEMA })
    this.#settings = settings
    // Workaround: the library keeps these private. Every batch opens its transaction with
    // `START TRANSACTION`, `SET TRANSACTION ISOLATION LEVEL …` and two status reads, one round trip
    // each; here the last three go as one script (a round trip waits on the indexer's busy event
    // loop). The same script turns off synchronous commit for the batch: a PostgreSQL crash may
    // then lose the last commits (up to ~0.6 s), all or nothing, each with the progress it records
    // in the same transaction, so the indexer resumes before them and indexes those blocks again.
    // biome-ignore lint/suspicious/noExplicitAny: overriding the library's private methods (see above)
    const self = this as any
    self.submit = <T>(tx: (em: EntityManager) => Promise<T>) => this.#submit(tx)
    self.getState = (em: EntityManager) => this.#getState(em, isolationLevel)
  }

  /**
   * Runs `fn` once the current batch's transaction has committed, before the next batch starts
   * (dropped if it rolls back). Callbacks run in the order given; one that fails fails the run
   * after the commit, as a failing next batch would.
   *
   * @example
   * db.afterCommit(() => metrics.recordBatch(b))
   */
  afterCommit(fn: () => Promise<void> | void): void {
    this.#afterCommit.push(fn)
  }

  async #submit<T>(tx: (em: EntityManager) => Promise<T>): Promise<T> {
    // biome-ignore lint/suspicious/noExplicitAny: the library's private connection (see class doc)
    const con = (this as any).con as DataSource | undefined
    if (con == null) throw new ProcessorDatabaseStateError('not connected')
    await this.#opening.promise
    for (let retries = 3; ; retries--) {
      this.#afterCommit = []
      let result: T
      try {
        // No isolation level here: #getState sets it as the transaction's first statement.
        result = await con.transaction(tx)
      } catch (e) {
        this.#afterCommit = []
        if ((e as { code?: string }).code !== '40001' || retries === 0) throw e
        continue
      }
      const after = this.#afterCommit
      this.#afterCommit = []
      for (const fn of after) await fn()
      return result
    }
  }

  async #getState(em: EntityManager, isolationLevel: string): Promise<HeadState> {
    const client = await transactionClient(em)
    if (!client) throw new ProcessorDatabaseStateError('a batch must run in a transaction')
    const out = (await client.query(
      `SET TRANSACTION ISOLATION LEVEL ${isolationLevel}; SET LOCAL synchronous_commit = off;
       ${processorStatusSql.finalizedHead}; ${processorStatusSql.hotBlocks}`,
    )) as { rows: Record<string, unknown>[] }[]
    return checkedState(out[2].rows, out[3].rows)
  }

  /**
   * Reads (creating on first use) the processor's status, as the library's `connect()` does, but
   * in one script on a connection of its own; the TypeORM DataSource the batches use opens
   * meanwhile ({@link ProcessorDatabase.opened}). The runner starts the ingestion only once this
   * resolves, and the library's nine round trips after a ~0.1 s DataSource start delayed it.
   */
  override async connect(): ReturnType<TypeormDatabase['connect']> {
    // biome-ignore lint/suspicious/noExplicitAny: reaching the library's private fields (see class doc)
    const self = this as any
    if (self.con != null) throw new ProcessorDatabaseStateError('already connected')
    // Migrations are applied by applyMigrations, not through this DataSource.
    const con = createDataSource(this.#settings, { migrations: false })
    self.con = con
    let state: HeadState
    try {
      state = await withClient(this.#settings, readInitialState)
    } catch (e) {
      self.con = undefined
      throw e
    }
    // Opened after the read, while the runner waits on the chain's first answers: building the
    // entity metadata takes the event loop ~0.1 s, which the read would otherwise wait behind.
    const opening = this.#opening
    con.initialize().then(() => opening.resolve(), opening.reject)
    this.#startedEmpty.resolve(state.height === -1 && state.top.length === 0)
    return state
  }

  /**
   * Settles once `connect()` has opened the DataSource of the batches and of
   * {@link ProcessorDatabase.readStore} (rejects when it failed to).
   *
   * @example
   * await db.opened()
   */
  opened(): Promise<void> {
    return this.#opening.promise
  }

  /**
   * Whether `connect()` found that the processor had committed nothing (height -1, no hot block):
   * its entity tables then hold no row of it (the assumption that also defers their indexes).
   *
   * @example
   * if (await db.startedEmpty()) computeFirstBatchWithoutReading()
   */
  startedEmpty(): Promise<boolean> {
    return this.#startedEmpty.promise
  }

  override async disconnect(): Promise<void> {
    // biome-ignore lint/suspicious/noExplicitAny: the library's private connection (see class doc)
    const self = this as any
    const con = self.con as DataSource | undefined
    if (con == null) return
    const open = await this.#opening.promise.then(
      () => true,
      () => false,
    )
    this.#opening = pending()
    self.con = undefined
    if (open) await con.destroy()
  }

  /**
   * A store that reads committed rows through the connection pool, outside any batch's
   * transaction (the indexer computes the next batch with it while the current one is written).
   * Usable once {@link ProcessorDatabase.opened}.
   */
  readStore(): Store {
    // biome-ignore lint/suspicious/noExplicitAny: the library's private connection (see class doc)
    const self = this as any
    return new Store(() => {
      if (self.con == null) throw new ProcessorDatabaseStateError('not connected')
      return self.con.manager
    })
  }

  /**
   * Whether hot blocks are committed (read outside any batch's transaction). The next finalized
   * batch's transaction rolls them back, so until then committed rows include changes that go.
   *
   * @example
   * if (await db.hasHotBlocks()) computeInsideTheTransaction()
   */
  async hasHotBlocks(): Promise<boolean> {
    // biome-ignore lint/suspicious/noExplicitAny: the library's private connection (see class doc)
    const con = (this as any).con as DataSource | undefined
    if (con == null) throw new ProcessorDatabaseStateError('not connected')
    await this.#opening.promise
    const rows = (await con.query(processorStatusSql.hasHotBlocks)) as { hot: boolean }[]
    return rows[0]?.hot === true
  }
}

/** The status row and hot blocks as read, checked as the library checks them. */
function checkedState(statusRows: Record<string, unknown>[], topRows: Record<string, unknown>[]): HeadState {
  const [status] = statusRows as { height: number; hash: string; nonce: number }[]
  const top = topRows as { hash: string; height: number }[]
  if (!status || !Number.isSafeInteger(status.height))
    throw new ProcessorDatabaseStateError('no processor status row')
  let prev = status.height
  for (const b of top) {
    if (b.height !== prev + 1)
      throw new ProcessorDatabaseStateError('hot blocks must form a continuous chain')
    prev = b.height
  }
  return { ...status, top }
}

/**
 * The library's `initTransaction` as one script in a serializable transaction: creates the status
 * schema and tables when missing (and the columns an earlier typeorm-store lacked), the status row
 * at height -1, and reads the state.
 */
async function readInitialState(client: pg.Client): Promise<HeadState> {
  const { status, hotBlock, hotChangeLog } = processorTables
  const out = (await client.query(
    [
      'BEGIN ISOLATION LEVEL SERIALIZABLE',
      `CREATE SCHEMA IF NOT EXISTS ${PROCESSOR_SCHEMA}`,
      `CREATE TABLE IF NOT EXISTS ${status} (id int4 primary key, height int4 not null, hash text DEFAULT '0x', nonce int4 DEFAULT 0)`,
      `ALTER TABLE ${status} ADD COLUMN IF NOT EXISTS hash text DEFAULT '0x'`,
      `ALTER TABLE ${status} ADD COLUMN IF NOT EXISTS nonce int DEFAULT 0`,
      `CREATE TABLE IF NOT EXISTS ${hotBlock} (height int4 primary key, hash text not null)`,
      `CREATE TABLE IF NOT EXISTS ${hotChangeLog} (block_height int4 not null references ${hotBlock} on delete cascade, index int4 not null, change jsonb not null, PRIMARY KEY (block_height, index))`,
      `INSERT INTO ${status} (id, height, hash) VALUES (0, -1, '0x') ON CONFLICT (id) DO NOTHING`,
      processorStatusSql.finalizedHead,
      processorStatusSql.hotBlocks,
      'COMMIT',
    ].join(';\n'),
  )) as unknown as { rows: Record<string, unknown>[] }[]
  return checkedState(out[8].rows, out[9].rows)
}

/** A promise with its settle functions (Node 20 lacks `Promise.withResolvers`); never unhandled. */
function pending<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  promise.catch(() => {}) // observed by its readers
  return { promise, resolve, reject }
}
