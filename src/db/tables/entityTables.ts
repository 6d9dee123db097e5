import { getMetadataArgsStorage } from 'typeorm'
import * as model from '../../model'
import { SnakeNamingStrategy } from './snakeNamingStrategy'

type Model = typeof model
type EntityName = {
  [K in keyof Model]: Model[K] extends new (...args: never[]) => object ? K : never
}[keyof Model]
type EntityOf<K extends EntityName> = InstanceType<Model[K]>

/**
 * The fields of entity `E` that may have a column: not methods, not `@derivedFrom` lists (arrays
 * of entities). An inverse one-to-one (`Inference.settlement`) looks like a relation to the type
 * checker but has no column: its name is undefined, which the hand-written SQL test catches.
 */
export type ColumnField<E> = {
  [K in keyof E]-?: E[K] extends (...args: never[]) => unknown
    ? never
    : NonNullable<E[K]> extends readonly { id: string }[]
      ? never
      : K
}[keyof E] &
  string

/** An entity's table and its columns by field name (a relation's column is `<field>_id`). */
export type EntityTable<E> = {
  /** The table, unqualified (entities live in `public`), e.g. `contribution_reward`. */
  readonly name: string
  /** Column of each field, e.g. `columns.weightPpm` is `weight_ppm`, `columns.settlement` is `settlement_id`. */
  readonly columns: { readonly [K in ColumnField<E>]: string }
}

/** Every entity's names, keyed by the entity's name in lower camel case (`contributionReward`). */
export type EntityTables = { readonly [K in EntityName as Uncapitalize<K>]: EntityTable<EntityOf<K>> }

const naming = new SnakeNamingStrategy()

/**
 * Reads the names TypeORM gives `entity`'s table and columns from the decorators' metadata (the
 * same arguments and naming strategy the data source builds its metadata from).
 */
function entityTable(entity: new () => object): EntityTable<object> {
  const storage = getMetadataArgsStorage()
  const table = storage.tables.find((t) => t.target === entity)
  const name = naming.tableName(entity.name, table?.name)
  const columns = new Map<string, string>()
  for (const c of storage.columns)
    if (c.target === entity)
      columns.set(c.propertyName, naming.columnName(c.propertyName, c.options.name, []))
  for (const r of storage.relations) {
    if (r.target !== entity) continue
    const owner =
      r.relationType === 'many-to-one' ||
      (r.relationType === 'one-to-one' &&
        storage.joinColumns.some((j) => j.target === entity && j.propertyName === r.propertyName))
    if (!owner) continue
    const join = storage.joinColumns.find((j) => j.target === entity && j.propertyName === r.propertyName)
    columns.set(r.propertyName, join?.name ?? naming.joinColumnName(r.propertyName, 'id'))
  }
  return Object.freeze({ name, columns: Object.freeze(Object.fromEntries(columns)) })
}

/**
 * The tables and columns of every entity of `src/model`, for hand-written SQL: a field renamed in
 * `schema.graphql` fails type checking where a query names it, and the names are those of the
 * data source (test/db/handWrittenSql.test.ts checks each against the migrated schema).
 *
 * @example
 * const r = tables.contributionReward
 * `SELECT ${r.columns.weightPpm} FROM ${r.name} WHERE ${r.columns.settlement} = $1`
 * // SELECT weight_ppm FROM contribution_reward WHERE settlement_id = $1
 */
export const tables: EntityTables = Object.freeze(
  Object.fromEntries(
    (Object.entries(model) as [string, unknown][])
      .filter((e): e is [string, new () => object] => typeof e[1] === 'function')
      .map(([key, entity]) => [key.charAt(0).toLowerCase() + key.slice(1), entityTable(entity)]),
  ),
) as EntityTables
