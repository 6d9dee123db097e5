import type { Store } from '@subsquid/typeorm-store'

type Head = { height: number; hash: string }

/**
 * A Subsquid database that keeps nothing: reads find nothing, writes are dropped, progress lives
 * in memory. Benchmarks run the same processor and handlers on it to measure the ingestion limit
 * (RPC, decoding, handler work) without PostgreSQL. Final blocks only (no hot-block support).
 *
 * @example
 * runIndexer({ ..., noopStore: true })
 */
export class NoopDatabase {
  readonly supportsHotBlocks = false
  #head: Head = { height: -1, hash: '0x' }
  #afterCommit: (() => Promise<void> | void)[] = []

  async connect() {
    return { ...this.#head, top: [] }
  }

  async disconnect(): Promise<void> {}

  /** Runs `fn` after the current batch, as {@link ProcessorDatabase.afterCommit} does after its commit. */
  afterCommit(fn: () => Promise<void> | void): void {
    this.#afterCommit.push(fn)
  }

  /** Final blocks only: never any hot block. */
  async hasHotBlocks(): Promise<boolean> {
    return false
  }

  /** Reads outside a transaction: nothing, as inside one. */
  readStore(): Store {
    return NOOP_STORE
  }

  async transact(
    info: { prevHead: Head; nextHead: Head },
    cb: (store: Store) => Promise<void>,
  ): Promise<void> {
    this.#afterCommit = []
    await cb(NOOP_STORE)
    this.#head = info.nextHead
    const after = this.#afterCommit
    this.#afterCommit = []
    for (const fn of after) await fn()
  }
}

const NOOP_STORE = {
  find: async () => [],
  findBy: async () => [],
  findOne: async () => undefined,
  findOneBy: async () => undefined,
  get: async () => undefined,
  count: async () => 0,
  countBy: async () => 0,
  save: async () => {},
  upsert: async () => {},
  insert: async () => {},
  remove: async () => {},
} as unknown as Store
