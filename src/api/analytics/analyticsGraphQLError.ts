import type { GraphQLError } from 'graphql/index.js'
import { StatementQueueError } from '../errors'
import { apiError } from '../server/apiErrors'
import { AnalyticsInputError, AnalyticsUnavailableError } from './errors'

/**
 * An analytics failure as the API reports it: bad arguments BAD_USER_INPUT, a slow store
 * QUERY_TIMEOUT, a crowded one TOO_MANY_STATEMENTS, anything else ANALYTICS_UNAVAILABLE (the
 * engine's message, which may quote SQL, stays in the server).
 *
 * @example
 * try { … } catch (e) { throw analyticsGraphQLError(e, console.warn) }
 */
export function analyticsGraphQLError(e: unknown, log: (line: string) => void): GraphQLError {
  if (e instanceof AnalyticsInputError) return apiError('BAD_USER_INPUT', e.shortMessage)
  if (e instanceof AnalyticsUnavailableError && e.reason === 'timeout')
    return apiError('QUERY_TIMEOUT', e.shortMessage)
  if (e instanceof StatementQueueError)
    return apiError('TOO_MANY_STATEMENTS', `Too many statements of this client at once: ${e.shortMessage}`, {
      max: e.limit,
    })
  if (e instanceof AnalyticsUnavailableError && e.reason === 'busy')
    return apiError('TOO_MANY_STATEMENTS', e.shortMessage)
  if (e instanceof AnalyticsUnavailableError && e.reason === 'not_ready')
    return apiError('ANALYTICS_UNAVAILABLE', e.shortMessage)
  log(`[api] analytics query failed: ${describeError(e)}`)
  return apiError('ANALYTICS_UNAVAILABLE', 'The analytics query failed; see the server log.')
}

/**
 * An error with its causes on one line, for the server log.
 *
 * @example
 * describeError(new Error('a', { cause: new Error('b') })) // 'Error: a <- Error: b'
 */
export function describeError(e: unknown): string {
  const parts: string[] = []
  for (let c: unknown = e; c !== undefined && parts.length < 5; c = (c as Error)?.cause)
    parts.push(c instanceof Error ? `${c.name}: ${c.message.split('\n')[0]}` : String(c))
  return parts.join(' <- ')
}
