import type { GraphQLResolveInfo } from 'graphql/index.js'
import { buildFieldTree } from '../sql/buildFieldTree'
import { mapRows } from '../sql/mapRows'
import { parseListArgs, type RawListArgs } from '../sql/parseListArgs'
import { SelectBuilder } from '../sql/SelectBuilder'
import { SqlParams } from '../sql/SqlParams'
import type { TableCursor } from '../sql/TableCursor'
import { type ApiContext, charge, treeScope } from './ApiContext'
import { runSql } from './runSql'

/**
 * Resolves `xs(where, orderBy, offset, limit)`: one statement for the whole selection.
 * `extraWhere` lets custom root fields add a hand-written condition (its values via `root.params`).
 *
 * @throws {GraphQLError} LIMIT_TOO_LARGE, IN_LIST_TOO_LONG, COST_LIMIT_EXCEEDED, QUERY_TIMEOUT.
 * @example
 * resolve: (_s, args, ctx, info) => readList(ctx, info, 'Datanet', args)
 */
export async function readList(
  ctx: ApiContext,
  info: GraphQLResolveInfo,
  entityName: string,
  rawArgs: RawListArgs,
  extraWhere?: (root: TableCursor) => string,
): Promise<Record<string, unknown>[]> {
  const args = parseListArgs(rawArgs, ctx.limits)
  const tree = buildFieldTree(treeScope(ctx, info), entityName, info.fieldNodes)
  charge(ctx, (args.limit ?? ctx.limits.maxLimit) * (1 + tree.size))
  const params = new SqlParams()
  const sql = new SelectBuilder(ctx.model, params, entityName, args, tree.fields, extraWhere).print()
  return mapRows(await runSql(ctx, sql, params.values), tree.fields)
}
