import { Store, TypeormDatabase, type TypeormDatabaseOptions } from '@subsquid/typeorm-store'
import type { DataSource, EntityManager } from 'typeorm'
import { createDataSource } from './createDataSource'
import type { DbSettings } from './dbSettings'
import { ProcessorDatabaseStateError } from './errors'
import { PROCESSOR_SCHEMA, processorStatusSql } from './tables/processorStatus'
import { transactionClient } from './transactionClient'

/** The processor's progress as the library reads it: the finalized head and the hot blocks above it. */
type HeadState = { height: number; hash: string; nonce: number; top: { hash: string; height: number }[] }

/**
 * Subsquid's `TypeormDatabase` (hot blocks, rollback log, status table) connected with explicit
 * settings instead of `DB_*` environment variables and `lib/model`.
 *
 * Workaround: typeorm-store 1.5 builds its DataSource inside `connect()` from the environment and
 * resolves the model from `lib/model` (or `src/model` under ts-node only), so entity classes would
 * differ from the ones the handlers construct under tsx/vitest. We override `connect()` to install
 * our own DataSource, then run the library's own `initTransaction` unchanged. Adds
 * {@link ProcessorDatabase.afterCommit} and {@link ProcessorDatabase.readStore}.
 *
 * @example
 * const db = new ProcessorDatabase(settings, { supportHotBlocks: true })
 * processor.run(db, handler)
 */
export class ProcessorDatabase extends TypeormDatabase {
  readonly #settings: DbSettings
  #afterCommit: (() => Promise<void> | void)[] = []

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
    for (let retries = 3; ; retries--) {
      if (con == null) throw new ProcessorDatabaseStateError('not connected')
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
    const [status] = out[2].rows as { height: number; hash: string; nonce: number }[]
    const top = out[3].rows as { hash: string; height: number }[]
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

  override async connect(): ReturnType<TypeormDatabase['connect']> {
    // biome-ignore lint/suspicious/noExplicitAny: reaching the library's private fields (see class doc)
    const self = this as any
    if (self.con != null) throw new ProcessorDatabaseStateError('already connected')
    // Migrations are applied by applyMigrations, not through this DataSource.
    const con = createDataSource(this.#settings, { migrations: false })
    await con.initialize()
    self.con = con
    try {
      return await con.transaction('SERIALIZABLE', (em) => self.initTransaction(em))
    } catch (e) {
      await con.destroy().catch(() => {})
      self.con = undefined
      throw e
    }
  }

  /**
   * A store that reads committed rows through the connection pool, outside any batch's
   * transaction (the indexer computes the next batch with it while the current one is written).
   * Usable once connected.
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
    const rows = (await con.query(processorStatusSql.hasHotBlocks)) as { hot: boolean }[]
    return rows[0]?.hot === true
  }
}
