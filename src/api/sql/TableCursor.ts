import { SqlCompileError } from '../errors'
import type { Entity, Model, Prop } from '../model'
import { ident, type SqlParams } from './SqlParams'

/** The FROM clause of one SELECT level: a root table plus LEFT JOINs shared by fields, filters and sorts. */
export class FromClause {
  readonly joins = new Map<string, { alias: string; sql: string }>()
  constructor(
    readonly table: string,
    readonly alias: string,
  ) {}

  print(): string {
    return `FROM ${this.printRoot()}${this.printJoins()}`
  }

  printRoot(): string {
    return `${ident(this.table)} AS ${ident(this.alias)}`
  }

  printJoins(): string {
    return [...this.joins.values()].map((j) => j.sql).join('')
  }
}

/**
 * Points at one entity's row inside a {@link FromClause}; following a relation adds (or reuses)
 * a LEFT JOIN, so a relation read by several fields, filters and sorts is joined once.
 *
 * @example
 * const c = TableCursor.root(model, 'Inference', params)
 * c.child('model').column('name') // '"model_2"."name"'
 */
export class TableCursor {
  private constructor(
    readonly model: Model,
    readonly entity: Entity,
    readonly alias: string,
    readonly from: FromClause,
    readonly params: SqlParams,
  ) {}

  static root(model: Model, entityName: string, params: SqlParams): TableCursor {
    const entity = model.entities[entityName]
    const alias = params.alias(entity.table)
    return new TableCursor(model, entity, alias, new FromClause(entity.table, alias), params)
  }

  prop(field: string): Prop {
    const p = this.entity.properties[field]
    if (p) return p
    const fk = fkOfIdField(this.entity, field)
    if (fk)
      return {
        name: field,
        nullable: fk.nullable,
        column: fk.column,
        type: { kind: 'scalar', name: 'String' },
      }
    throw new SqlCompileError(`${this.entity.name}.${field} does not exist`)
  }

  /** The stored column of a field (fk: its `<field>_id`). */
  column(field: string): string {
    const prop = this.prop(field)
    if (!prop.column) throw new SqlCompileError(`${this.entity.name}.${field} has no column`)
    return `${ident(this.alias)}.${ident(prop.column)}`
  }

  /** The cursor of the entity a to-one relation (fk or single @derivedFrom) points at. */
  child(field: string): TableCursor {
    const prop = this.prop(field)
    const t = prop.type
    if (t.kind !== 'fk' && t.kind !== 'lookup')
      throw new SqlCompileError(`${this.entity.name}.${field} is not a to-one relation`)
    const target = this.model.entities[t.entity]
    const [col, rhs] =
      t.kind === 'fk'
        ? ['id', this.column(field)]
        : [target.properties[t.field].column as string, `${ident(this.alias)}."id"`]
    const key = `${target.table}|${col}|${rhs}`
    let join = this.from.joins.get(key)
    if (!join) {
      const alias = this.params.alias(target.table)
      const sql = ` LEFT JOIN ${ident(target.table)} AS ${ident(alias)} ON ${ident(alias)}.${ident(col)} = ${rhs}`
      join = { alias, sql }
      this.from.joins.set(key, join)
    }
    const alias = join.alias
    return new TableCursor(this.model, target, alias, this.from, this.params)
  }

  /** A value as the API returns it: numbers as text, bytes as 0x hex, times as UTC ISO with microseconds. */
  output(field: string): string {
    const prop = this.prop(field)
    const col = this.column(field)
    const t = prop.type
    if (t.kind === 'scalar') return outputScalar(t.name, col)
    if (t.kind === 'list' && t.item.kind === 'scalar') {
      const name = t.item.name
      if (name === 'BigInt' || name === 'BigDecimal') return `(${col})::text[]`
      if (name === 'Bytes' || name === 'DateTime')
        return `array(SELECT ${outputScalar(name, 'i')} FROM unnest(${col}) AS i)`
    }
    return col
  }
}

function outputScalar(name: string, col: string): string {
  switch (name) {
    case 'BigInt':
    case 'BigDecimal':
      return `(${col})::text`
    case 'Bytes':
      return `'0x' || encode(${col}, 'hex')`
    case 'DateTime':
      return `to_char((${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    default:
      return col
  }
}

/**
 * The fk property behind a `<relation>Id` field (`modelId` -> `model`), when the entity has no
 * own field of that name.
 *
 * @example
 * fkOfIdField(entities.Inference, 'modelId')?.name // 'model'
 */
export function fkOfIdField(entity: Entity, field: string): Prop | undefined {
  if (!field.endsWith('Id') || entity.properties[field]) return undefined
  const p = entity.properties[field.slice(0, -2)]
  return p?.type.kind === 'fk' ? p : undefined
}
