import { StatementQueueError } from '../errors'
import { apiError } from '../server/apiErrors'
import type { ApiContext } from './ApiContext'

/**
 * Runs one statement in array row mode, after counting its bind parameters against the request's
 * budget and waiting for a statement slot of the request and its client. A full or slow queue
 * becomes TOO_MANY_STATEMENTS, a statement timeout QUERY_TIMEOUT and a lost connection
 * DATABASE_UNAVAILABLE, so clients see a clear reason and the server stays up.
 *
 * @throws {GraphQLError} TOO_MANY_PARAMETERS, TOO_MANY_STATEMENTS, QUERY_TIMEOUT, DATABASE_UNAVAILABLE; other database errors unchanged.
 * @example
 * const rows = await runSql(ctx, 'SELECT 1', [])
 */
export async function runSql(
  ctx: Pick<ApiContext, 'db' | 'budget' | 'limits' | 'statements'>,
  text: string,
  values: unknown[],
): Promise<unknown[][]> {
  chargeParameters(ctx, values)
  try {
    // Unnamed statements on purpose: each is planned with its actual values (named ones drift to
    // generic plans, which pick bad paths on skewed foreign keys).
    const res = await ctx.statements.run(() => ctx.db.query({ text, values, rowMode: 'array' }))
    return res.rows as unknown[][]
  } catch (e) {
    if (e instanceof StatementQueueError)
      throw apiError(
        'TOO_MANY_STATEMENTS',
        `Too many statements of this client at once: ${e.shortMessage} Send fewer root fields or requests at a time.`,
        { max: e.limit },
      )
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

// An array parameter (`= ANY($1)`) costs the database as much as that many scalar ones.
function chargeParameters(ctx: Pick<ApiContext, 'budget' | 'limits'>, values: unknown[]): void {
  for (const v of values) ctx.budget.parameters += Array.isArray(v) ? v.length : 1
  const max = ctx.limits.maxBindParameters
  if (ctx.budget.parameters > max)
    throw apiError(
      'TOO_MANY_PARAMETERS',
      `The request needs ${ctx.budget.parameters} SQL parameters; at most ${max} are allowed. Send fewer filter values or split the request.`,
      { max },
    )
}
