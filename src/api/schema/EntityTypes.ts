import {
  GraphQLBoolean,
  GraphQLEnumType,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  GraphQLFloat,
  type GraphQLInputFieldConfigMap,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLScalarType,
  GraphQLString,
} from 'graphql/index.js'
import type { Model, Prop, PropType } from '../model'
import type { ApiContext } from '../read/ApiContext'
import { BigDecimalScalar, BigIntScalar, BytesScalar, DateTimeScalar, JSONScalar } from '../scalars'
import { orderByMapping } from '../sql/orderByMapping'

const SCALARS: Record<string, GraphQLScalarType> = {
  ID: GraphQLString,
  String: GraphQLString,
  Int: GraphQLInt,
  Float: GraphQLFloat,
  Boolean: GraphQLBoolean,
  BigInt: BigIntScalar,
  BigDecimal: BigDecimalScalar,
  DateTime: DateTimeScalar,
  Bytes: BytesScalar,
  JSON: JSONScalar,
}
/** Computed fields of an entity type, resolved from the row (which always carries its `id`). */
export type ExtraFields = () => GraphQLFieldConfigMap<Record<string, unknown>, ApiContext>

const ORDERED = new Set(['ID', 'String', 'Int', 'Float', 'DateTime', 'BigInt', 'BigDecimal'])

/**
 * The GraphQL types of a {@link Model} as OpenReader's opencrud dialect names and shapes them
 * (`Datanet`, `DatanetWhereInput`, `DatanetOrderByInput`), built lazily and cached so custom
 * fields can reuse them.
 *
 * @example
 * const types = new EntityTypes(model)
 * types.object('Model') // GraphQLObjectType
 */
export class EntityTypes {
  private objects = new Map<string, GraphQLObjectType>()
  private wheres = new Map<string, GraphQLInputObjectType>()
  private orders = new Map<string, GraphQLEnumType>()
  private enums = new Map<string, GraphQLEnumType>()
  private extraFields = new Map<string, ExtraFields[]>()

  constructor(readonly model: Model) {}

  /**
   * Adds computed fields to an entity's object type (e.g. a proposal's state at the indexed head).
   * They are resolved by their own resolvers from the row's `id`, which the SQL selection then
   * always reads; call before the schema is built.
   */
  extend(name: string, fields: ExtraFields): void {
    const list = this.extraFields.get(name) ?? []
    list.push(fields)
    this.extraFields.set(name, list)
  }

  object(name: string): GraphQLObjectType {
    let t = this.objects.get(name)
    if (!t) {
      const entity = this.model.entities[name]
      t = new GraphQLObjectType<Record<string, unknown>, ApiContext>({
        name,
        description: entity.description,
        fields: () => this.objectFields(name),
      })
      this.objects.set(name, t)
    }
    return t
  }

  enumType(name: string): GraphQLEnumType {
    let t = this.enums.get(name)
    if (!t) {
      const e = this.model.enums[name]
      t = new GraphQLEnumType({
        name,
        description: e.description,
        values: Object.fromEntries(e.values.map((v) => [v, { value: v }])),
      })
      this.enums.set(name, t)
    }
    return t
  }

  where(name: string): GraphQLInputObjectType {
    let t = this.wheres.get(name)
    if (!t) {
      t = new GraphQLInputObjectType({ name: `${name}WhereInput`, fields: () => this.whereFields(name) })
      this.wheres.set(name, t)
    }
    return t
  }

  /** `[XOrderByInput!]`; each enum value's internal value is the OrderItem it stands for. */
  orderBy(name: string): GraphQLEnumType {
    let t = this.orders.get(name)
    if (!t) {
      const values = Object.fromEntries(
        [...orderByMapping(this.model, name)].map(([k, item]) => [k, { value: item }]),
      )
      t = new GraphQLEnumType({ name: `${name}OrderByInput`, values })
      this.orders.set(name, t)
    }
    return t
  }

  /** Arguments of a list of entities: where, orderBy, offset, limit. */
  listArgs(name: string): GraphQLFieldConfigArgumentMap {
    return {
      where: { type: this.where(name) },
      orderBy: { type: new GraphQLList(new GraphQLNonNull(this.orderBy(name))) },
      offset: { type: GraphQLInt },
      limit: { type: GraphQLInt },
    }
  }

  private propType(prop: Prop): GraphQLOutputType {
    const t = prop.type
    let out: GraphQLOutputType
    if (t.kind === 'list-lookup')
      return new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(this.object(t.entity))))
    if (t.kind === 'lookup') return this.object(t.entity)
    if (t.kind === 'fk') out = this.object(t.entity)
    else if (t.kind === 'list') {
      const item = this.leafType(t.item)
      out = new GraphQLList(t.itemNullable ? item : new GraphQLNonNull(item))
    } else out = this.leafType(t)
    return prop.nullable ? out : new GraphQLNonNull(out)
  }

  private leafType(t: Extract<PropType, { kind: 'scalar' | 'enum' }>): GraphQLScalarType | GraphQLEnumType {
    return t.kind === 'enum' ? this.enumType(t.name) : SCALARS[t.name]
  }

  private objectFields(name: string): GraphQLFieldConfigMap<Record<string, unknown>, ApiContext> {
    const entity = this.model.entities[name]
    const fields: GraphQLFieldConfigMap<Record<string, unknown>, ApiContext> = {}
    // Relations are stored under their response alias (each alias may carry its own arguments).
    const byAlias = (
      src: Record<string, unknown>,
      _a: unknown,
      _c: ApiContext,
      info: { path: { key: string | number } },
    ) => src[info.path.key as string]
    for (const prop of Object.values(entity.properties)) {
      const t = prop.type
      fields[prop.name] = { type: this.propType(prop), description: prop.description }
      if (t.kind === 'fk' || t.kind === 'lookup') fields[prop.name].resolve = byAlias
      if (t.kind === 'list-lookup') {
        fields[prop.name].args = this.listArgs(t.entity)
        fields[prop.name].resolve = byAlias
      }
      // Newer OpenReader also exposes the raw foreign key as `<relation>Id`.
      if (t.kind === 'fk' && !entity.properties[`${prop.name}Id`])
        fields[`${prop.name}Id`] = {
          type: prop.nullable ? GraphQLString : new GraphQLNonNull(GraphQLString),
          description: prop.description,
        }
    }
    for (const extra of this.extraFields.get(name) ?? []) Object.assign(fields, extra())
    return fields
  }

  private whereFields(name: string): GraphQLInputFieldConfigMap {
    const entity = this.model.entities[name]
    const f: GraphQLInputFieldConfigMap = {}
    for (const prop of Object.values(entity.properties)) {
      const t = prop.type
      const key = prop.name
      if (t.kind === 'scalar') scalarFilters(f, key, t.name, SCALARS[t.name])
      else if (t.kind === 'enum') {
        const type = this.enumType(t.name)
        f[`${key}_isNull`] = { type: GraphQLBoolean }
        f[`${key}_eq`] = { type }
        f[`${key}_not_eq`] = { type }
        f[`${key}_in`] = { type: new GraphQLList(new GraphQLNonNull(type)) }
        f[`${key}_not_in`] = { type: new GraphQLList(new GraphQLNonNull(type)) }
      } else if (t.kind === 'list') {
        f[`${key}_isNull`] = { type: GraphQLBoolean }
        const item = this.leafType(t.item)
        const list = new GraphQLList(t.itemNullable ? item : new GraphQLNonNull(item))
        f[`${key}_containsAll`] = { type: list }
        f[`${key}_containsAny`] = { type: list }
        f[`${key}_containsNone`] = { type: list }
      } else if (t.kind === 'fk') {
        f[`${key}_isNull`] = { type: GraphQLBoolean }
        f[key] = { type: this.where(t.entity) }
        if (!entity.properties[`${key}Id`]) scalarFilters(f, `${key}Id`, 'String', GraphQLString)
      } else if (t.kind === 'lookup') {
        f[`${key}_isNull`] = { type: GraphQLBoolean }
        f[key] = { type: this.where(t.entity) }
      } else {
        const w = this.where(t.entity)
        f[`${key}_every`] = { type: w }
        f[`${key}_some`] = { type: w }
        f[`${key}_none`] = { type: w }
      }
    }
    const list = new GraphQLList(new GraphQLNonNull(this.where(name)))
    f.AND = { type: list }
    f.OR = { type: list }
    return f
  }
}

function scalarFilters(
  f: GraphQLInputFieldConfigMap,
  key: string,
  scalar: string,
  type: GraphQLInputType,
): void {
  f[`${key}_isNull`] = { type: GraphQLBoolean }
  f[`${key}_eq`] = { type }
  f[`${key}_not_eq`] = { type }
  if (ORDERED.has(scalar)) {
    for (const op of ['gt', 'gte', 'lt', 'lte']) f[`${key}_${op}`] = { type }
    f[`${key}_in`] = { type: new GraphQLList(new GraphQLNonNull(type)) }
    f[`${key}_not_in`] = { type: new GraphQLList(new GraphQLNonNull(type)) }
  }
  if (scalar === 'JSON') {
    f[`${key}_jsonContains`] = { type }
    f[`${key}_jsonHasKey`] = { type }
  }
  if (scalar === 'ID' || scalar === 'String') {
    for (const op of ['contains', 'containsInsensitive', 'startsWith', 'endsWith']) {
      f[`${key}_${op}`] = { type }
      f[`${key}_not_${op}`] = { type }
    }
  }
}
