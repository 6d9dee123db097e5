import { SqlCompileError } from '../errors'
import type { Where } from './ir'
import type { TableCursor } from './TableCursor'

/** What printWhere needs to filter on a @derivedFrom list: a FROM/WHERE over the child entity. */
type SubSelect = {
  root: TableCursor
  whereBackRef(field: string, parentId: string): SubSelect
  printFrom(opts: { paged?: boolean }): string
}

/**
 * Prints a {@link Where} over `cursor`'s row as one SQL boolean expression. Relation filters join
 * (LEFT JOIN on the same FROM); `_some`/`_none`/`_every` become EXISTS sub-selects on the child's
 * foreign-key index. Semantics follow OpenReader: NULL never matches a comparison, `_in: []`
 * matches nothing, `_not_in: []` matches everything, `_every` fails on rows where the condition is NULL.
 *
 * @example
 * printWhere(cursor, { op: 'gt', field: 'amount', value: 5n }, sub) // '"settlement_1"."amount" > $1'
 */
export function printWhere(
  cursor: TableCursor,
  where: Where,
  sub: (entityName: string, where?: Where) => SubSelect,
): string | undefined {
  const p = (v: unknown) => cursor.params.add(v)
  switch (where.op) {
    case 'AND': {
      const parts = where.args.map((w) => printWhere(cursor, w, sub)).filter((x): x is string => !!x)
      return parts.length ? parts.map((x) => `(${x})`).join(' AND ') : undefined
    }
    case 'OR': {
      const parts = where.args.map((w) => printWhere(cursor, w, sub)).filter((x): x is string => !!x)
      return parts.length ? parts.map((x) => `(${x})`).join(' OR ') : undefined
    }
    case 'REF': {
      // `relation: {id_eq | id_in}` compares the stored foreign key instead of joining the target.
      const inner = where.where
      if (cursor.prop(where.field).type.kind === 'fk' && inner.op === 'eq' && inner.field === 'id')
        return `${cursor.column(where.field)} = ${p(inner.value)}`
      if (cursor.prop(where.field).type.kind === 'fk' && inner.op === 'in' && inner.field === 'id')
        return inner.values.length
          ? `${cursor.column(where.field)} IN (${inner.values.map(p).join(', ')})`
          : 'false'
      return printWhere(cursor.child(where.field), where.where, sub)
    }
    case 'some':
    case 'none':
    case 'every': {
      const t = cursor.prop(where.field).type
      if (t.kind !== 'list-lookup') throw new SqlCompileError(`${where.field} is not a @derivedFrom list`)
      const parentId = cursor.column('id')
      if (where.op === 'every') {
        if (!where.where) return undefined
        const all = sub(t.entity).whereBackRef(t.field, parentId)
        const cond = printWhere(all.root, where.where, sub)
        if (!cond) return undefined
        return `NOT EXISTS (SELECT 1 ${all.printFrom({ paged: false })} AND (${cond}) IS NOT TRUE)`
      }
      const s = sub(t.entity, where.where).whereBackRef(t.field, parentId)
      return `${where.op === 'none' ? 'NOT ' : ''}EXISTS (SELECT 1 ${s.printFrom({ paged: false })})`
    }
    case 'in':
    case 'not_in': {
      if (where.values.length === 0) return where.op === 'in' ? 'false' : undefined
      const list = where.values.map(p).join(', ')
      return `${cursor.column(where.field)} ${where.op === 'in' ? 'IN' : 'NOT IN'} (${list})`
    }
    case 'isNull': {
      const prop = cursor.prop(where.field)
      const col =
        prop.type.kind === 'lookup' ? cursor.child(where.field).column('id') : cursor.column(where.field)
      return `${col} IS ${where.yes ? '' : 'NOT '}NULL`
    }
    default:
      return printBinary(cursor, where, p)
  }
}

const COMPARE = { eq: '=', not_eq: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const

function printBinary(
  cursor: TableCursor,
  where: Extract<Where, { value: unknown }>,
  p: (v: unknown) => string,
): string {
  const col = cursor.column(where.field)
  switch (where.op) {
    case 'eq':
    case 'not_eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${col} ${COMPARE[where.op]} ${p(where.value)}`
    case 'contains':
      return `position(${p(where.value)} in ${col}) > 0`
    case 'not_contains':
      return `position(${p(where.value)} in ${col}) = 0`
    case 'containsInsensitive':
      return `position(lower(${p(where.value)}) in lower(${col})) > 0`
    case 'not_containsInsensitive':
      return `position(lower(${p(where.value)}) in lower(${col})) = 0`
    case 'startsWith':
      return `starts_with(${col}, ${p(where.value)})`
    case 'not_startsWith':
      return `NOT starts_with(${col}, ${p(where.value)})`
    case 'endsWith': {
      const v = p(where.value)
      return `right(${col}, length(${v}::text)) = ${v}`
    }
    case 'not_endsWith': {
      const v = p(where.value)
      return `right(${col}, length(${v}::text)) != ${v}`
    }
    case 'jsonContains':
      return `${col} @> ${cursor.params.addJson(where.value)}`
    case 'jsonHasKey':
      return `${col} ? ${p(where.value)}`
    case 'containsAll':
      return `${col} @> ${p(where.value)}`
    case 'containsAny':
      return `${col} && ${p(where.value)}`
    case 'containsNone':
      return `NOT (${col} && ${p(where.value)})`
  }
}
