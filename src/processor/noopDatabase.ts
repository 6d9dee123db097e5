import type { Store } from '@subsquid/typeorm-store'
import { EMPTY_STORE } from '../computation/emptyStore'

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

  /** Nothing to open. */
  async opened(): Promise<void> {}

  /** Reads find nothing. */
  async startedEmpty(): Promise<boolean> {
    return true
  }

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
    return EMPTY_STORE
  }

  async transact(
    info: { prevHead: Head; nextHead: Head },
    cb: (store: Store) => Promise<void>,
  ): Promise<void> {
    this.#afterCommit = []
    await cb(EMPTY_STORE)
    this.#head = info.nextHead
    const after = this.#afterCommit
    this.#afterCommit = []
    for (const fn of after) await fn()
  }
}
