/**
 * What the write path writes: an entity class (a TypeORM entity of `src/model`) and rows with an id.
 * Defined here, where rows are written, so the batch computation that fills them depends on the
 * write path and never the other way round.
 *
 * @example
 * const cls: EntityClass<Account> = Account
 */
// biome-ignore lint/suspicious/noExplicitAny: entity classes of any shape
export type EntityClass<E = any> = { new (props?: Partial<E>): E; name: string }

/**
 * A row of any entity: every entity of the schema has a string id.
 *
 * @example
 * const row: EntityWithId = new Account({ id: '0xabc' })
 */
export type EntityWithId = { id: string }
