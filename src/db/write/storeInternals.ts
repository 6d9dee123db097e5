import type { Store } from '@subsquid/typeorm-store'
import type { EntityManager } from 'typeorm'
import type { EntityClass, EntityWithId } from './entityTypes'
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
