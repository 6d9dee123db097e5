import { Store, TypeormDatabase, type TypeormDatabaseOptions } from '@subsquid/typeorm-store'
import { createDataSource } from './createDataSource'
import type { DbSettings } from './dbSettings'

/**
 * Subsquid's `TypeormDatabase` (hot blocks, rollback log, status table) connected with explicit
 * settings instead of `DB_*` environment variables and `lib/model`.
 *
 * Workaround: typeorm-store 1.5 builds its DataSource inside `connect()` from the environment and
 * resolves the model from `lib/model` (or `src/model` under ts-node only), so entity classes would
 * differ from the ones the handlers construct under tsx/vitest. We override `connect()` to install
 * our own DataSource, then run the library's own `initTransaction` unchanged.
 *
 * @example
 * const db = new ProcessorDatabase(settings, { supportHotBlocks: true })
 * processor.run(db, handler)
 */
export class ProcessorDatabase extends TypeormDatabase {
  readonly #settings: DbSettings

  constructor(settings: DbSettings, options: TypeormDatabaseOptions = {}) {
    super({ supportHotBlocks: true, isolationLevel: 'READ COMMITTED', ...options })
    this.#settings = settings
  }

  override async connect(): ReturnType<TypeormDatabase['connect']> {
    // biome-ignore lint/suspicious/noExplicitAny: reaching the library's private fields (see class doc)
    const self = this as any
    if (self.con != null) throw new Error('already connected')
    const con = createDataSource(this.#settings)
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
      if (self.con == null) throw new Error('ProcessorDatabase: not connected')
      return self.con.manager
    })
  }
}
