/**
 * Intermediate form of one entity read: what to filter, sort, page and select. Built from GraphQL
 * arguments and selections, printed to SQL by {@link SelectBuilder}. Mirrors OpenReader's IR.
 */
import type { Prop } from '../model'

export type SortOrder =
  | 'ASC'
  | 'DESC'
  | 'ASC NULLS FIRST'
  | 'ASC NULLS LAST'
  | 'DESC NULLS FIRST'
  | 'DESC NULLS LAST'

/** `path` is `[field]` or `[relation, field]` (one relation level, as OpenReader allows). */
export type OrderItem = { path: string[]; order: SortOrder }

export type BinaryOp =
  | 'eq'
  | 'not_eq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'contains'
  | 'not_contains'
  | 'containsInsensitive'
  | 'not_containsInsensitive'
  | 'startsWith'
  | 'not_startsWith'
  | 'endsWith'
  | 'not_endsWith'
  | 'jsonContains'
  | 'jsonHasKey'
  | 'containsAll'
  | 'containsAny'
  | 'containsNone'

export type Where =
  | { op: 'AND' | 'OR'; args: Where[] }
  | { op: 'REF'; field: string; where: Where }
  | { op: 'some' | 'every' | 'none'; field: string; where?: Where }
  | { op: 'in' | 'not_in'; field: string; values: unknown[] }
  | { op: 'isNull'; field: string; yes: boolean }
  | { op: BinaryOp; field: string; value: unknown }

export type ListArgs = { where?: Where; orderBy?: OrderItem[]; limit?: number; offset?: number }

/** One requested field of an entity; `index` is the SQL column (or JSON array slot) it reads. */
export type FieldReq =
  /** A column (scalar, enum, list) or a relation's `<field>Id`; keyed by field name. */
  | { kind: 'column'; field: string; prop: Prop; index: number }
  /** A relation to one entity (fk or single @derivedFrom); keyed by response alias. */
  | { kind: 'ref'; field: string; alias: string; prop: Prop; children: FieldReq[]; index: number }
  /** A @derivedFrom list, read as a JSON array of rows; keyed by response alias. */
  | {
      kind: 'list'
      field: string
      alias: string
      prop: Prop
      args: ListArgs
      children: FieldReq[]
      index: number
    }
