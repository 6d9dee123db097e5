import type { Store } from '@subsquid/typeorm-store'
import type { EntityClass, EntityWithId } from './entityTypes'
import { storeInternals } from './storeInternals'
import { type Statement, unnestStatements } from './unnestStatements'

/**
 * Inserts or replaces rows of one entity type (ids unique within `rows`) with one
 * `INSERT … SELECT … FROM unnest(…) ON CONFLICT (id) DO UPDATE` statement per 50k rows
 * ({@link unnestStatements}), where `store.upsert` sends TypeORM upserts of 1000 rows, split
 * further wherever the set of relations that are defined changes from one row to the next.
 *
 * In a hot block the store's change tracker first records each row's previous state (or that it
 * is new), as `store.upsert` does, so a rollback of the block restores it.
 *
 * @example
 * await upsertRows(ctx.store, accounts)
 */
export async function upsertRows(
  store: Store,
  rows: EntityWithId[],
  /** `unnestStatements(em, rows, 'upsert')` built earlier, from the same rows. */
  prepared?: Statement[],
): Promise<void> {
  if (rows.length === 0) return
  const internals = storeInternals(store)
  if (!internals) return store.upsert(rows)
  const { em, changes } = internals
  const statements = prepared ?? unnestStatements(em, rows, 'upsert')
  await changes?.trackUpsert(rows[0].constructor as EntityClass, rows)
  for (const s of statements) await em.query(s.text, s.values)
}
