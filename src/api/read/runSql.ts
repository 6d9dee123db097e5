import { apiError } from '../server/apiErrors'
import type { ApiContext } from './ApiContext'

/**
 * Runs one statement in array row mode. A statement timeout becomes QUERY_TIMEOUT and a lost
 * connection DATABASE_UNAVAILABLE, so clients see a clear reason and the server stays up.
 *
 * @throws {GraphQLError} QUERY_TIMEOUT, DATABASE_UNAVAILABLE; other database errors unchanged.
 * @example
 * const rows = await runSql(ctx, 'SELECT 1', [])
 */
export async function runSql(
  ctx: Pick<ApiContext, 'db'>,
  text: string,
  values: unknown[],
): Promise<unknown[][]> {
  try {
    // Unnamed statements on purpose: each is planned with its actual values (named ones drift to
    // generic plans, which pick bad paths on skewed foreign keys).
    const res = await ctx.db.query({ text, values, rowMode: 'array' })
    return res.rows as unknown[][]
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === '57014')
      throw apiError(
        'QUERY_TIMEOUT',
        'The query ran past the statement timeout; narrow the filter or page smaller.',
      )
    if (
      code?.startsWith('08') ||
      code === '57P01' ||
      code === '53300' ||
      /timeout exceeded when trying to connect|ECONNREFUSED/.test(String(e))
    )
      throw apiError('DATABASE_UNAVAILABLE', 'The database is not reachable right now; try again shortly.')
    throw e
  }
}
