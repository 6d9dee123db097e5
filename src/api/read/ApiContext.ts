import type DataLoader from 'dataloader'
import type { GraphQLResolveInfo } from 'graphql/index.js'
import type { Pool, PoolClient } from 'pg'
import type { Model } from '../model'
import { apiError } from '../server/apiErrors'
import type { ApiLimits } from '../server/limits'
import type { TreeScope } from '../sql/buildFieldTree'
import type { StatementGate } from './createStatementGates'
import { Semaphore } from './Semaphore'

/** Per-request state every resolver gets: the read-only pool, the model, limits, batching loaders. */
export type ApiContext = {
  db: Pick<Pool | PoolClient, 'query'>
  model: Model
  limits: ApiLimits
  /**
   * What this request has used: rows it may read ({@link ApiLimits.maxResponseNodes}) and SQL bind
   * parameters ({@link ApiLimits.maxBindParameters}).
   */
  budget: { used: number; parameters: number }
  /** Where its statements wait for a slot (per request and per client). */
  statements: StatementGate
  /** DataLoaders of this request, by entity and selection path. */
  loaders: Map<string, DataLoader<string, Record<string, unknown> | null>>
}

/**
 * A fresh context for one GraphQL request. Without `statements` (scripts, tests) the request's
 * statements are bounded by `maxStatementsPerRequest` alone.
 *
 * @example
 * context: async ({ req }) => createApiContext(pool, model, limits, gates.forRequest(clientKey(req)))
 */
export function createApiContext(
  db: ApiContext['db'],
  model: Model,
  limits: ApiLimits,
  statements?: StatementGate,
): ApiContext {
  const own = new Semaphore(limits.maxStatementsPerRequest)
  return {
    db,
    model,
    limits,
    budget: { used: 0, parameters: 0 },
    statements: statements ?? { run: (fn) => own.use(fn) },
    loaders: new Map(),
  }
}

/**
 * What the field-tree builder needs from a resolver's `info`.
 *
 * @example
 * buildFieldTree(treeScope(ctx, info), 'Model', info.fieldNodes)
 */
export function treeScope(ctx: ApiContext, info: GraphQLResolveInfo): TreeScope {
  return {
    schema: info.schema,
    fragments: info.fragments,
    variableValues: info.variableValues,
    model: ctx.model,
    limits: ctx.limits,
  }
}

/**
 * Counts `size` rows against the request's response budget.
 *
 * @throws {GraphQLError} COST_LIMIT_EXCEEDED when the request would read more than allowed.
 * @example
 * charge(ctx, tree.size * limit)
 */
export function charge(ctx: ApiContext, size: number): void {
  ctx.budget.used += size
  const max = ctx.limits.maxResponseNodes
  if (ctx.budget.used > max)
    throw apiError(
      'COST_LIMIT_EXCEEDED',
      `The query may return ${ctx.budget.used} nodes; the limit is ${max}. Ask for fewer rows (limit/first) or fewer nested lists.`,
      { max },
    )
}
