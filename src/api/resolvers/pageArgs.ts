import { GraphQLInt, GraphQLNonNull, type GraphQLNullableType } from 'graphql/index.js'
import { badInput, limitTooLarge } from '../server/apiErrors'
import type { ApiLimits } from '../server/limits'

/** `limit`/`offset` arguments of the custom list fields. */
export const pageArgs = (defaultLimit: number) => ({
  limit: { type: GraphQLInt, defaultValue: defaultLimit },
  offset: { type: GraphQLInt, defaultValue: 0 },
})

/**
 * Validates a custom field's page against the API limits.
 *
 * @throws {GraphQLError} LIMIT_TOO_LARGE, BAD_USER_INPUT.
 * @example
 * const { limit, offset } = checkPage(args, ctx.limits)
 */
export function checkPage(args: { limit?: number | null; offset?: number | null }, limits: ApiLimits) {
  const limit = args.limit ?? 50
  const offset = args.offset ?? 0
  if (limit < 0 || offset < 0) throw badInput('limit and offset must not be negative')
  if (limit > limits.maxLimit) throw limitTooLarge('limit', limit, limits.maxLimit)
  return { limit, offset }
}

/**
 * True when the model has every entity a group of custom fields reads.
 *
 * @example
 * if (!hasEntities(types.model, ['Proposal', 'Vote'])) return {}
 */
export function hasEntities(model: { entities: Record<string, unknown> }, names: string[]): boolean {
  return names.every((n) => n in model.entities)
}

/**
 * `T!` of a GraphQL type.
 *
 * @example
 * nonNull(GraphQLInt) // Int!
 */
export function nonNull<T extends GraphQLNullableType>(type: T): GraphQLNonNull<T> {
  return new GraphQLNonNull(type)
}
