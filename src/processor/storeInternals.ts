import type { Store } from '@subsquid/typeorm-store'
import type { EntityManager } from 'typeorm'
import type { EntityClass, EntityWithId } from './entityCache'
import { BulkWriteError } from './errors'

/** The part of typeorm-store's hot-block `ChangeTracker` that records writes for rollback. */
export type ChangeTracker = {
  trackInsert(cls: EntityClass, rows: EntityWithId[]): Promise<void>
  trackUpsert(cls: EntityClass, rows: EntityWithId[]): Promise<void>
}

/**
 * The transaction's entity manager and, in a hot block, the change tracker of a typeorm-store
 * `Store`; undefined for a store without a manager (the benchmark's no-op store). Workaround: typeorm-store 1.5 keeps both private (`em()`, `changes`) and offers only
 * per-call TypeORM writes; the bulk writers need the manager to send their own statements and the
 * tracker to record those writes for a rollback exactly as `store.insert`/`store.upsert` would.
 *
 * @throws {BulkWriteError} when the store has a change tracker without the methods used here.
 * @example
 * const { em, changes } = storeInternals(ctx.store)
 */
export function storeInternals(store: Store): { em: EntityManager; changes?: ChangeTracker } | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: typeorm-store keeps the tracker and manager private
  const internals = store as any
  if (typeof internals.em !== 'function') return undefined
  const changes = internals.changes as ChangeTracker | undefined
  if (
    changes != null &&
    (typeof changes.trackInsert !== 'function' || typeof changes.trackUpsert !== 'function')
  )
    throw new BulkWriteError("the store's change tracker has no trackInsert/trackUpsert")
  return { em: internals.em() as EntityManager, changes: changes ?? undefined }
}

/** The part of a pg client that {@link transactionClient} returns. */
export type TransactionClient = {
  query(text: string): Promise<unknown>
  /** A custom query object (node-postgres's Submittable), answered through its own handlers. */
  query(submittable: { submit(connection: never): void }): unknown
}

/**
 * The pg connection of the transaction `em` runs in, or undefined outside a transaction.
 * Workaround: TypeORM's `em.query` reshapes results by command (an UPDATE or DELETE answers
 * `[rows, count]`) and cannot run a multi-statement script; writers that need either talk to the
 * transaction's own connection, which TypeORM's PostgresQueryRunner hands out from `connect()`.
 *
 * @example
 * const client = await transactionClient(em); await client?.query('SELECT 1; SELECT 2')
 */
export async function transactionClient(em: EntityManager): Promise<TransactionClient | undefined> {
  // biome-ignore lint/suspicious/noExplicitAny: TypeORM's PostgresQueryRunner returns its pg client from connect()
  const runner = em.queryRunner as any
  if (!runner?.isTransactionActive || typeof runner.connect !== 'function') return undefined
  const client = await runner.connect()
  return typeof client?.query === 'function' ? client : undefined
}
