import DataLoader from 'dataloader'
import type { GraphQLResolveInfo } from 'graphql/index.js'
import { buildFieldTree } from '../sql/buildFieldTree'
import { mapRows } from '../sql/mapRows'
import { SelectBuilder } from '../sql/SelectBuilder'
import { SqlParams } from '../sql/SqlParams'
import { type ApiContext, charge, treeScope } from './ApiContext'
import { runSql } from './runSql'

/**
 * Loads one entity for a custom field (e.g. the `model` of an audit summary row). Calls for the
 * same field path within a request are batched by DataLoader into one `id IN (...)` statement,
 * so a list of summaries costs one query for all their models, not one each.
 *
 * @throws {GraphQLError} COST_LIMIT_EXCEEDED, QUERY_TIMEOUT.
 * @example
 * model: { type: Model, resolve: (row, _a, ctx, info) => loadById(ctx, info, 'Model', row.modelId) }
 */
export function loadById(
  ctx: ApiContext,
  info: GraphQLResolveInfo,
  entityName: string,
  id: string | null | undefined,
): Promise<Record<string, unknown> | null> {
  if (id == null) return Promise.resolve(null)
  const key = `${entityName}@${pathKey(info.path)}`
  let loader = ctx.loaders.get(key)
  if (!loader) {
    const tree = buildFieldTree(treeScope(ctx, info), entityName, info.fieldNodes)
    loader = new DataLoader(
      async (ids: readonly string[]) => {
        charge(ctx, ids.length * (1 + tree.size))
        const params = new SqlParams()
        const fields = [
          {
            kind: 'column' as const,
            field: 'id',
            prop: ctx.model.entities[entityName].properties.id,
            index: 0,
          },
          ...tree.fields,
        ]
        const sql = new SelectBuilder(
          ctx.model,
          params,
          entityName,
          { where: { op: 'in', field: 'id', values: [...ids] } },
          fields,
        ).print()
        const byId = new Map(
          mapRows(await runSql(ctx, sql, params.values), fields).map((r) => [r.id as string, r]),
        )
        return ids.map((i) => byId.get(i) ?? null)
      },
      { maxBatchSize: ctx.limits.maxInList },
    )
    ctx.loaders.set(key, loader)
  }
  return loader.load(id)
}

function pathKey(path: GraphQLResolveInfo['path'] | undefined): string {
  const parts: string[] = []
  for (let p = path; p; p = p.prev) if (typeof p.key === 'string') parts.push(p.key)
  return parts.reverse().join('.')
}
