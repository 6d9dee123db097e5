import type { Store } from '@subsquid/typeorm-store'
import type { EntityManager } from 'typeorm'
import type { EntityWithId } from './entityCache'

/** Postgres accepts at most 65535 bind parameters per statement. */
const MAX_PARAMS = 60_000

/**
 * Inserts new append-only rows of one entity type with plain multi-row `INSERT … VALUES` statements
 * (column values as TypeORM itself would persist them: transformers, relation ids, driver
 * conversions), skipping TypeORM's per-row query-builder work, which dominated the write path.
 *
 * Only in a finalized batch: a hot block's store tracks every change for rollback (its
 * `changes` tracker), so there it falls back to `store.insert`, which records the insert first.
 *
 * @example
 * await insertRows(ctx.store, transfers)
 */
export async function insertRows(store: Store, rows: EntityWithId[]): Promise<void> {
  if (rows.length === 0) return
  // biome-ignore lint/suspicious/noExplicitAny: typeorm-store keeps the tracker and manager private
  const internals = store as any
  if (internals.changes != null || typeof internals.em !== 'function') return store.insert(rows)
  const em = internals.em() as EntityManager
  const cls = rows[0].constructor
  for (const r of rows)
    if (r.constructor !== cls) throw new Error('insertRows: rows of different entity types')
  const meta = em.connection.getMetadata(cls)
  const driver = em.connection.driver
  // Foreign-key columns of relations are "virtual" (no property of their own) but are written.
  const columns = meta.columns.filter(
    (c) => c.isInsert && !c.isGenerated && (!c.isVirtual || c.relationMetadata),
  )
  const table = meta.tablePath
    .split('.')
    .map((p) => driver.escape(p))
    .join('.')
  const head = `INSERT INTO ${table} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length))
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement)
    const params: unknown[] = []
    const tuples: string[] = []
    for (const row of chunk) {
      const slots: string[] = []
      for (const c of columns) {
        const value = c.getEntityValue(row, true)
        params.push(value === undefined ? null : driver.preparePersistentValue(value, c))
        slots.push(`$${params.length}`)
      }
      tuples.push(`(${slots.join(', ')})`)
    }
    await em.query(head + tuples.join(', '), params)
  }
}
