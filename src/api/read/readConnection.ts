import type { GraphQLResolveInfo } from 'graphql/index.js'
import { badInput } from '../server/apiErrors'
import { buildFieldTree } from '../sql/buildFieldTree'
import { collectFields } from '../sql/collectFields'
import type { FieldReq, OrderItem } from '../sql/ir'
import { mapRows } from '../sql/mapRows'
import { parseListArgs } from '../sql/parseListArgs'
import { SelectBuilder } from '../sql/SelectBuilder'
import { SqlParams } from '../sql/SqlParams'
import { type ApiContext, charge, treeScope } from './ApiContext'
import { runSql } from './runSql'

/** Default page size of a connection without `first`, as OpenReader. */
const DEFAULT_FIRST = 100

export type ConnectionArgs = {
  orderBy: OrderItem[] | OrderItem
  after?: string | null
  first?: number | null
  where?: unknown
}

/**
 * Resolves `xsConnection(orderBy!, first, after, where)` the way OpenReader does: cursors are
 * 1-based row positions (`"10"` = after the 10th row), the page is read with one extra row to
 * answer `hasNextPage`, and `totalCount` comes from the page when it is the last one, otherwise
 * from one `count(*)` with the same filter.
 *
 * @throws {GraphQLError} BAD_USER_INPUT (empty orderBy, bad cursor), LIMIT_TOO_LARGE, COST_LIMIT_EXCEEDED.
 * @example
 * resolve: (_s, args, ctx, info) => readConnection(ctx, info, 'Model', args)
 */
export async function readConnection(
  ctx: ApiContext,
  info: GraphQLResolveInfo,
  entityName: string,
  raw: ConnectionArgs,
) {
  const orderBy = Array.isArray(raw.orderBy) ? raw.orderBy : [raw.orderBy]
  if (orderBy.length === 0) throw badInput('orderBy argument is required for connection')
  let offset = 0
  if (raw.after != null) {
    const n = /^\d+$/.test(raw.after) ? Number(raw.after) : Number.NaN
    if (!Number.isSafeInteger(n) || n <= 0) throw badInput(`invalid cursor value: ${raw.after}`)
    offset = n
  }
  if (raw.first != null && raw.first < 0)
    throw badInput("'first' argument of connection can't be less than 0")
  const first = raw.first ?? Math.min(DEFAULT_FIRST, ctx.limits.maxLimit)
  const args = { ...parseListArgs({ where: raw.where, orderBy, limit: first }, ctx.limits, 'first'), offset }

  const scope = treeScope(ctx, info)
  const top = collectFields(scope, info.fieldNodes)
  const wantsTotal = top.has('totalCount') || [...top.values()].some((n) => n[0].name.value === 'totalCount')
  const wantsPageInfo = [...top.values()].some((n) => n[0].name.value === 'pageInfo')
  const edgeNodes = [...top.values()].filter((n) => n[0].name.value === 'edges').flat()
  const nodeNodes = [...collectFields(scope, edgeNodes).values()]
    .filter((n) => n[0].name.value === 'node')
    .flat()
  const tree = buildFieldTree(scope, entityName, nodeNodes)
  const wantsPage = edgeNodes.length > 0 || wantsPageInfo

  const result: Record<string, unknown> = {}
  let pageRows = -1
  if (wantsPage) {
    charge(ctx, (first + 1) * (1 + tree.size))
    const params = new SqlParams()
    const idField: FieldReq = {
      kind: 'column',
      field: 'id',
      prop: ctx.model.entities[entityName].properties.id,
      index: 0,
    }
    const fields = tree.fields.length ? tree.fields : [idField]
    const sql = new SelectBuilder(
      ctx.model,
      params,
      entityName,
      { ...args, limit: first + 1 },
      fields,
    ).print()
    const nodes = mapRows(await runSql(ctx, sql, params.values), fields)
    pageRows = nodes.length
    const page = nodes.slice(0, first)
    result.edges = page.map((node, i) => ({ node, cursor: String(offset + i + 1) }))
    result.pageInfo = {
      hasNextPage: nodes.length > first,
      hasPreviousPage: nodes.length > 0 && offset > 0,
      startCursor: nodes.length > 0 ? String(offset + 1) : '',
      endCursor: nodes.length > 0 ? String(offset + Math.min(first, nodes.length)) : '',
    }
  }
  if (wantsTotal) {
    if (pageRows > 0 && pageRows <= first) result.totalCount = offset + pageRows
    else {
      charge(ctx, 1)
      const params = new SqlParams()
      const sql = new SelectBuilder(ctx.model, params, entityName, { where: args.where }).printCount()
      result.totalCount = Number((await runSql(ctx, sql, params.values))[0][0])
    }
  }
  return result
}
