import {
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
} from 'graphql/index.js'
import type { Model } from '../model'
import type { ApiLimits } from '../server/limits'
import { collectFields, type SelectionScope } from './collectFields'
import type { FieldReq } from './ir'
import { parseListArgs, type RawListArgs } from './parseListArgs'
import { fkOfIdField } from './TableCursor'

/** Requested fields of one entity and the rows they may read (for the response-size budget). */
export type FieldTree = { fields: FieldReq[]; size: number }

export type TreeScope = SelectionScope & { schema: GraphQLSchema; model: Model; limits: ApiLimits }

/**
 * Converts the selection under `nodes` (fields of `entityName`) to {@link FieldReq}s. The size
 * counts one per field, nested lists multiplying by their limit, as OpenReader estimates responses.
 *
 * @throws {GraphQLError} from argument validation of nested lists.
 * @example
 * const { fields, size } = buildFieldTree(scope, 'Datanet', info.fieldNodes)
 */
export function buildFieldTree(scope: TreeScope, entityName: string, nodes: readonly FieldNode[]): FieldTree {
  const entity = scope.model.entities[entityName]
  const type = scope.schema.getType(entityName) as GraphQLObjectType
  const fields: FieldReq[] = []
  const columns = new Set<string>()
  let size = 0
  let needsId = false
  for (const [key, fieldNodes] of collectFields(scope, nodes)) {
    const name = fieldNodes[0].name.value
    if (name === '__typename') continue
    const prop = entity.properties[name] ?? fkOfIdField(entity, name)
    if (!prop) {
      // A computed field (EntityTypes.extend) resolves from the row's id.
      if (type.getFields()[name]) needsId = true
      continue
    }
    const t = entity.properties[name] ? prop.type : ({ kind: 'scalar', name: 'String' } as const)
    if (t.kind === 'fk' || t.kind === 'lookup') {
      const child = buildFieldTree(scope, t.entity, fieldNodes)
      fields.push({ kind: 'ref', field: name, alias: key, prop, children: child.fields, index: 0 })
      size += 1 + child.size
    } else if (t.kind === 'list-lookup') {
      const raw = getArgumentValues(
        type.getFields()[name],
        fieldNodes[0],
        scope.variableValues,
      ) as RawListArgs
      const args = parseListArgs(raw, scope.limits)
      const child = buildFieldTree(scope, t.entity, fieldNodes)
      fields.push({ kind: 'list', field: name, alias: key, prop, args, children: child.fields, index: 0 })
      size += 1 + (args.limit ?? scope.limits.maxLimit) * (1 + child.size)
    } else if (!columns.has(name)) {
      columns.add(name)
      fields.push({ kind: 'column', field: name, prop, index: 0 })
      size += 1
    }
  }
  if (needsId && !columns.has('id'))
    fields.push({ kind: 'column', field: 'id', prop: entity.properties.id, index: 0 })
  return { fields, size }
}
