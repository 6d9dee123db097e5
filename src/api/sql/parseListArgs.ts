import { badInput, limitTooLarge } from '../server/apiErrors'
import type { ApiLimits } from '../server/limits'
import type { ListArgs, OrderItem } from './ir'
import { parseWhere } from './parseWhere'

/** Arguments of a list field after graphql-js coerced them (orderBy values are already OrderItems). */
export type RawListArgs = {
  where?: unknown
  orderBy?: OrderItem[] | OrderItem | null
  offset?: number | null
  limit?: number | null
}

/**
 * Validates and converts list arguments. A missing `limit` means `maxLimit` (OpenReader would
 * return every row; an unbounded read is what the limit exists to prevent).
 *
 * @throws {GraphQLError} LIMIT_TOO_LARGE, IN_LIST_TOO_LONG, BAD_USER_INPUT.
 * @example
 * parseListArgs({ limit: 10, orderBy: [item] }, limits) // { limit: 10, orderBy: [item], ... }
 */
export function parseListArgs(args: RawListArgs, limits: ApiLimits, limitName = 'limit'): ListArgs {
  const limit = args.limit ?? limits.maxLimit
  if (limit < 0) throw badInput(`${limitName} must not be negative`)
  if (limit > limits.maxLimit) throw limitTooLarge(limitName, limit, limits.maxLimit)
  const offset = args.offset ?? 0
  if (offset < 0) throw badInput('offset must not be negative')
  const orderBy =
    args.orderBy == null ? undefined : Array.isArray(args.orderBy) ? args.orderBy : [args.orderBy]
  return { where: parseWhere(args.where, limits), orderBy, limit, offset }
}
