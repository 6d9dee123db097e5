import type { Store } from '@subsquid/typeorm-store'
import { storeInternals } from './storeInternals'

/**
 * Runs `fn` (writes through `store`) inside a savepoint of the batch's transaction: when it throws,
 * its writes (and, in hot blocks, the change records of them) are rolled back and the transaction
 * stays usable, so the batch can be written another way. Without a transaction (the benchmark's
 * no-op store) it just runs `fn`.
 *
 * @throws whatever `fn` throws, after the rollback; the rollback's own error when it fails
 * (the connection is gone: nothing more can be written in this transaction).
 * @example
 * await inSavepoint(ctx.store, () => cache.flush(ctx.store, FLUSH_ORDER))
 */
export async function inSavepoint<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  const em = storeInternals(store)?.em
  if (!em) return fn()
  await em.query('SAVEPOINT openledger_write')
  let result: T
  try {
    result = await fn()
  } catch (err) {
    await em.query('ROLLBACK TO SAVEPOINT openledger_write')
    await em.query('RELEASE SAVEPOINT openledger_write')
    throw err
  }
  await em.query('RELEASE SAVEPOINT openledger_write')
  return result
}
