import type { Model } from '../model'
import type { OrderItem, SortOrder } from './ir'

const ORDERS: [string, SortOrder][] = [
  ['ASC', 'ASC'],
  ['DESC', 'DESC'],
  ['ASC_NULLS_FIRST', 'ASC NULLS FIRST'],
  ['ASC_NULLS_LAST', 'ASC NULLS LAST'],
  ['DESC_NULLS_FIRST', 'DESC NULLS FIRST'],
  ['DESC_NULLS_LAST', 'DESC NULLS LAST'],
]
const cache = new WeakMap<Model, Map<string, Map<string, OrderItem>>>()

/**
 * The `<Entity>OrderByInput` values and what each sorts by: every scalar/enum field except JSON and
 * lists, and the same for each to-one relation one level deep (`model_name_ASC`), in the six
 * OpenReader forms (`_ASC`, `_DESC`, `_ASC_NULLS_FIRST`, ...).
 *
 * @example
 * orderByMapping(model, 'Inference').get('model_name_DESC') // { path: ['model', 'name'], order: 'DESC' }
 */
export function orderByMapping(model: Model, entityName: string): Map<string, OrderItem> {
  let perModel = cache.get(model)
  if (!perModel) {
    perModel = new Map()
    cache.set(model, perModel)
  }
  let mapping = perModel.get(entityName)
  if (!mapping) {
    mapping = build(model, entityName, 2)
    perModel.set(entityName, mapping)
  }
  return mapping
}

function build(model: Model, entityName: string, depth: number): Map<string, OrderItem> {
  const m = new Map<string, OrderItem>()
  if (depth <= 0) return m
  for (const prop of Object.values(model.entities[entityName].properties)) {
    const t = prop.type
    if ((t.kind === 'scalar' && t.name !== 'JSON') || t.kind === 'enum') {
      for (const [suffix, order] of ORDERS) m.set(`${prop.name}_${suffix}`, { path: [prop.name], order })
    } else if (t.kind === 'fk' || t.kind === 'lookup') {
      for (const [name, item] of build(model, t.entity, depth - 1))
        m.set(`${prop.name}_${name}`, { path: [prop.name, ...item.path], order: item.order })
    }
  }
  return m
}
