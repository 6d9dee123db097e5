import type { GraphQLFormattedError } from 'graphql/index.js'
import { armorErrorCode } from './armorProtection'

/**
 * Final shape of every GraphQL error: armor rejections get their own code and lose the misleading
 * "Syntax Error:" prefix; unexpected (database, bug) errors keep the code INTERNAL_SERVER_ERROR
 * but hide the SQL text.
 *
 * @example
 * new ApolloServer({ formatError: formatApiError })
 */
export function formatApiError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const ext = { ...(formatted.extensions ?? {}) } as Record<string, unknown>
  const limitCode = armorErrorCode(formatted.message)
  if (limitCode)
    return {
      ...formatted,
      message: formatted.message.replace(/^Syntax Error: /, ''),
      extensions: { ...ext, code: limitCode },
    }
  const original = (error as { originalError?: unknown })?.originalError
  if (ext.code === 'INTERNAL_SERVER_ERROR' && original && (original as { severity?: unknown }).severity)
    return {
      ...formatted,
      message: 'Internal database error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    }
  return formatted
}
