import { inListTooLong } from '../server/apiErrors'
import type { ApiLimits } from '../server/limits'
import type { BinaryOp, Where } from './ir'

const OPS = [
  'eq',
  'not_eq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'not_contains',
  'containsInsensitive',
  'not_containsInsensitive',
  'startsWith',
  'not_startsWith',
  'endsWith',
  'not_endsWith',
  'containsAll',
  'containsAny',
  'containsNone',
  'jsonContains',
  'jsonHasKey',
  'isNull',
  'some',
  'every',
  'none',
  'in',
  'not_in',
]
const KEY = new RegExp(`^([^_]*)_(${OPS.join('|')})$`)

/**
 * Turns an OpenCRUD `where` argument (already coerced by graphql-js) into the {@link Where} IR.
 * `AND`/`OR` take an object or a list; `OR` includes the sibling conditions as one more alternative,
 * as OpenReader does.
 *
 * @throws {GraphQLError} IN_LIST_TOO_LONG when an `_in`/`_not_in` list exceeds `limits.maxInList`.
 * @example
 * parseWhere({ amount_gt: 5n, model: { name_startsWith: 'spam' } }, limits)
 */
export function parseWhere(arg: unknown, limits: Pick<ApiLimits, 'maxInList'>): Where | undefined {
  if (arg == null) return undefined
  const { AND, OR, ...fields } = arg as Record<string, unknown>
  const conj: Where[] = []
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    const m = KEY.exec(key)
    const field = m ? m[1] : key
    const op = m ? m[2] : 'REF'
    switch (op) {
      case 'REF':
      case 'every': {
        const where = parseWhere(value, limits)
        if (where) conj.push(op === 'REF' ? { op, field, where } : { op: 'every', field, where })
        break
      }
      case 'some':
      case 'none':
        conj.push({ op, field, where: parseWhere(value, limits) })
        break
      case 'in':
      case 'not_in': {
        const values = toArray(value)
        if (values.length > limits.maxInList) throw inListTooLong(key, values.length, limits.maxInList)
        conj.push({ op, field, values })
        break
      }
      case 'isNull':
        if (value !== null) conj.push({ op, field, yes: value === true })
        break
      case 'containsAll':
      case 'containsAny':
      case 'containsNone': {
        const values = toArray(value)
        if (values.length > limits.maxInList) throw inListTooLong(key, values.length, limits.maxInList)
        conj.push({ op, field, value: values })
        break
      }
      default:
        conj.push({ op: op as BinaryOp, field, value })
    }
  }
  for (const a of AND == null ? [] : toArray(AND)) {
    const where = parseWhere(a, limits)
    if (where) conj.push(where)
  }
  const conjunction = combine('AND', conj)
  if (OR == null) return conjunction
  const alternatives = conjunction ? [conjunction] : []
  for (const o of toArray(OR)) {
    const where = parseWhere(o, limits)
    if (where) alternatives.push(where)
  }
  return combine('OR', alternatives)
}

function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value]
}

function combine(op: 'AND' | 'OR', args: Where[]): Where | undefined {
  if (args.length === 0) return undefined
  return args.length === 1 ? args[0] : { op, args }
}
