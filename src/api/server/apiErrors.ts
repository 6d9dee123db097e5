import { GraphQLError } from 'graphql/index.js'

/** `extensions.code` of every rejection this API makes on purpose. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  LIMIT_TOO_LARGE: 'LIMIT_TOO_LARGE',
  IN_LIST_TOO_LONG: 'IN_LIST_TOO_LONG',
  TOO_MANY_PARAMETERS: 'TOO_MANY_PARAMETERS',
  TOO_MANY_STATEMENTS: 'TOO_MANY_STATEMENTS',
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  DEPTH_LIMIT_EXCEEDED: 'DEPTH_LIMIT_EXCEEDED',
  ALIAS_LIMIT_EXCEEDED: 'ALIAS_LIMIT_EXCEEDED',
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  TOKEN_LIMIT_EXCEEDED: 'TOKEN_LIMIT_EXCEEDED',
  DIRECTIVE_LIMIT_EXCEEDED: 'DIRECTIVE_LIMIT_EXCEEDED',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  ARTIFACT_HASH_MISMATCH: 'ARTIFACT_HASH_MISMATCH',
  ANALYTICS_UNAVAILABLE: 'ANALYTICS_UNAVAILABLE',
} as const
export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode]

/**
 * A GraphQL error with a stable `extensions.code` (and the HTTP status it should answer with).
 *
 * @example
 * throw apiError('LIMIT_TOO_LARGE', 'limit 5000 exceeds the maximum 1000')
 */
export function apiError(
  code: ErrorCodeName,
  message: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } })
}

/**
 * `limit`/`first` above the maximum (or negative).
 *
 * @example
 * if (limit > max) throw limitTooLarge('limit', limit, max)
 */
export function limitTooLarge(arg: string, value: number, max: number): GraphQLError {
  return apiError(
    'LIMIT_TOO_LARGE',
    `${arg} ${value} exceeds the maximum of ${max}; page with offset or after`,
    {
      max,
    },
  )
}

/**
 * An `_in`-style list above the maximum length.
 *
 * @example
 * throw inListTooLong('id_in', 5000, 1000)
 */
export function inListTooLong(key: string, length: number, max: number): GraphQLError {
  return apiError('IN_LIST_TOO_LONG', `${key} has ${length} values; at most ${max} are allowed`, { max })
}

/**
 * Bad argument value that graphql-js could not catch (negative offset, unknown cursor).
 *
 * @example
 * throw badInput('invalid cursor value: abc')
 */
export function badInput(message: string): GraphQLError {
  return apiError('BAD_USER_INPUT', message)
}
