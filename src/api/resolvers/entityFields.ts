import { type EntityTables, tables } from '../../db/tables/entityTables'

/** Each entity's fields that have a column, by name, keyed like {@link tables}. */
export type EntityFields = {
  readonly [K in keyof EntityTables]: { readonly [F in keyof EntityTables[K]['columns']]: F }
}

/**
 * The field names of every entity, from the same metadata as {@link tables}, for the resolvers
 * that build SQL through the API's model (`TableCursor.column`, `orderBy` paths) rather than by
 * hand: a field renamed in `schema.graphql` fails type checking where a resolver names it.
 *
 * @example
 * const R = entityFields.contributionReward
 * readList(ctx, info, 'ContributionReward', { orderBy: [{ path: [R.position], order: 'ASC' }] },
 *   (c) => `${c.column(R.settlement)} = ${c.params.add(id)}`)
 */
export const entityFields: EntityFields = Object.freeze(
  Object.fromEntries(
    Object.entries(tables).map(([entity, t]) => [
      entity,
      Object.freeze(Object.fromEntries(Object.keys(t.columns).map((f) => [f, f]))),
    ]),
  ),
) as EntityFields
