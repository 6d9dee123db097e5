import type { GraphQLResolveInfo } from 'graphql/index.js'
import { buildFieldTree } from '../sql/buildFieldTree'
import { mapRows } from '../sql/mapRows'
import { SelectBuilder } from '../sql/SelectBuilder'
import { SqlParams } from '../sql/SqlParams'
import { type ApiContext, charge, treeScope } from './ApiContext'
import { runSql } from './runSql'

/**
 * Resolves `xById(id)`: the entity with its requested relations in one statement, or null.
 *
 * @throws {GraphQLError} COST_LIMIT_EXCEEDED (nested lists), QUERY_TIMEOUT.
 * @example
 * resolve: (_s, { id }, ctx, info) => readById(ctx, info, 'Model', id)
 */
export async function readById(
  ctx: ApiContext,
  info: GraphQLResolveInfo,
  entityName: string,
  id: string,
): Promise<Record<string, unknown> | null> {
  const tree = buildFieldTree(treeScope(ctx, info), entityName, info.fieldNodes)
  charge(ctx, 1 + tree.size)
  const params = new SqlParams()
  const sql = new SelectBuilder(
    ctx.model,
    params,
    entityName,
    { where: { op: 'eq', field: 'id', value: id } },
    tree.fields,
  ).print()
  return mapRows(await runSql(ctx, sql, params.values), tree.fields)[0] ?? null
}
