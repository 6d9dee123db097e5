import type { EntityManager } from 'typeorm'

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
