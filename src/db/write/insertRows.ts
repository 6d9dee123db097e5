import type { Store } from '@subsquid/typeorm-store'
import { withBatchedForeignKeys } from './batchedForeignKeys'
import type { EntityClass, EntityWithId } from './entityTypes'
import { storeInternals } from './storeInternals'
import { columnValues, type Statement, unnestStatements } from './unnestStatements'

/**
 * Inserts new rows of one entity type with `INSERT … SELECT … FROM unnest(…)` statements
 * ({@link unnestStatements}): one statement per 50k rows instead of TypeORM's per-row query
 * builder and its 1000-row chunks, which dominated the write path; foreign keys are checked once
 * per call rather than per row where that is equivalent ({@link withBatchedForeignKeys}).
 *
 * In a hot block the store's change tracker records the inserts first (as `store.insert` does), so
 * a rollback of the block deletes them again.
 *
 * @example
 * await insertRows(ctx.store, transfers)
 */
export async function insertRows(
  store: Store,
  rows: EntityWithId[],
  /** `unnestStatements(em, rows, 'insert')` built earlier, from the same rows. */
  prepared?: Statement[],
): Promise<void> {
  if (rows.length === 0) return
  const internals = storeInternals(store)
  if (!internals) return store.insert(rows)
  const { em, changes } = internals
  const statements = prepared ?? unnestStatements(em, rows, 'insert')
  await changes?.trackInsert(rows[0].constructor as EntityClass, rows)
  await withBatchedForeignKeys(em, statements[0].table, columnValues(statements), async () => {
    for (const s of statements) await em.query(s.text, s.values)
  })
}
