import {
  buildASTSchema,
  type ConstDirectiveNode,
  GraphQLEnumType,
  type GraphQLField,
  type GraphQLNamedType,
  GraphQLObjectType,
  GraphQLScalarType,
  type GraphQLSchema,
  getNamedType,
  isListType,
  isNonNullType,
  Kind,
  parse,
} from 'graphql/index.js'
import { toColumnName, toLowerCamelCase, toPlural, toTableName } from '../../db/tables/naming'
import { SchemaModelError } from '../errors'
import type { Entity, Model, Prop, PropType, ScalarName } from './types'

/** The directives and scalars of the Subsquid dialect, declared so graphql-js accepts the file. */
const PRELUDE = `
directive @entity(queryName: String, listQueryName: String) on OBJECT
directive @query on INTERFACE
directive @derivedFrom(field: String!) on FIELD_DEFINITION
directive @unique on FIELD_DEFINITION
directive @index(fields: [String!], unique: Boolean) repeatable on OBJECT | FIELD_DEFINITION
directive @fulltext(query: String!) on FIELD_DEFINITION
directive @cardinality(value: Int!) on OBJECT | FIELD_DEFINITION
directive @byteWeight(value: Float!) on FIELD_DEFINITION
directive @variant on OBJECT
directive @jsonField on OBJECT
scalar BigInt
scalar BigDecimal
scalar DateTime
scalar Bytes
scalar JSON
`
const SCALARS = new Set<string>([
  'ID',
  'String',
  'Int',
  'Float',
  'Boolean',
  'BigInt',
  'BigDecimal',
  'DateTime',
  'Bytes',
  'JSON',
])

/**
 * Reads a Subsquid-dialect schema (the text of schema.graphql) into the {@link Model} the query
 * compiler and the GraphQL schema builder work from. Table and column names follow typeorm-codegen.
 *
 * @throws {SchemaModelError} on a construct this API does not serve or an inconsistent relation.
 * @example
 * const model = parseSchemaModel(fs.readFileSync('schema.graphql', 'utf8'))
 * model.entities.Datanet.table // 'datanet'
 */
export function parseSchemaModel(schemaText: string): Model {
  let schema: GraphQLSchema
  try {
    schema = buildASTSchema(parse(PRELUDE + schemaText), { assumeValidSDL: false })
  } catch (e) {
    throw new SchemaModelError((e as Error).message)
  }
  const model: Model = { entities: {}, enums: {} }
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'))
  for (const type of types) {
    if (type instanceof GraphQLEnumType) {
      model.enums[type.name] = {
        name: type.name,
        values: type.getValues().map((v) => v.name),
        description: type.description ?? undefined,
      }
    } else if (type instanceof GraphQLObjectType && type.name !== 'Query') {
      if (!hasDirective(type, 'entity'))
        throw new SchemaModelError(
          `type ${type.name} is not an @entity; typed JSON objects are not supported`,
        )
    } else if (!(type instanceof GraphQLScalarType)) {
      throw new SchemaModelError(`${type.name}: interfaces, unions and inputs are not supported`)
    }
  }
  for (const type of types) {
    if (type instanceof GraphQLObjectType && type.name !== 'Query') model.entities[type.name] = toEntity(type)
  }
  for (const entity of Object.values(model.entities)) checkDerived(model, entity)
  return model
}

function hasDirective(
  node: { astNode?: { directives?: readonly { name: { value: string } }[] } | null },
  name: string,
) {
  return !!node.astNode?.directives?.some((d) => d.name.value === name)
}

function directiveArg(
  node: { astNode?: { directives?: readonly ConstDirectiveNode[] } | null },
  directive: string,
  arg: string,
): string | undefined {
  const d = node.astNode?.directives?.find((x) => x.name.value === directive)
  const a = d?.arguments?.find((x) => x.name.value === arg)
  return a?.value.kind === Kind.STRING ? a.value.value : undefined
}

function toEntity(type: GraphQLObjectType): Entity {
  const singular = toLowerCamelCase(type.name)
  const plural = toPlural(singular)
  const entity: Entity = {
    name: type.name,
    table: toTableName(type.name),
    description: type.description ?? undefined,
    properties: {},
    listQuery: directiveArg(type, 'entity', 'listQueryName') ?? plural,
    byIdQuery: directiveArg(type, 'entity', 'queryName') ?? `${singular}ById`,
    connectionQuery: `${plural}Connection`,
  }
  for (const field of Object.values(type.getFields())) {
    if (field.name.includes('_'))
      throw new SchemaModelError(
        `${type.name}.${field.name}: field names with "_" clash with where operators`,
      )
    if (hasDirective(field, 'fulltext'))
      throw new SchemaModelError(`${type.name}.${field.name}: @fulltext queries are not supported`)
    entity.properties[field.name] = toProp(type, field)
  }
  const id = entity.properties.id
  if (id?.type.kind !== 'scalar' || id.type.name !== 'ID' || id.nullable)
    throw new SchemaModelError(`${type.name} must have "id: ID!"`)
  return entity
}

function toProp(owner: GraphQLObjectType, field: GraphQLField<unknown, unknown>): Prop {
  const where = `${owner.name}.${field.name}`
  const nullable = !isNonNullType(field.type)
  const inner = isNonNullType(field.type) ? field.type.ofType : field.type
  const named = getNamedType(field.type) as GraphQLNamedType
  const description = field.description ?? undefined
  const derived = directiveArg(field, 'derivedFrom', 'field')
  if (isListType(inner)) {
    const item = inner.ofType
    const itemNullable = !isNonNullType(item)
    if (isListType(isNonNullType(item) ? item.ofType : item))
      throw new SchemaModelError(`${where}: nested lists are not supported`)
    if (named instanceof GraphQLObjectType) {
      if (!derived) throw new SchemaModelError(`${where}: a list of entities needs @derivedFrom(field: ...)`)
      return {
        name: field.name,
        description,
        nullable: false,
        type: { kind: 'list-lookup', entity: named.name, field: derived },
      }
    }
    const itemType: Extract<PropType, { kind: 'list' }>['item'] =
      named instanceof GraphQLEnumType
        ? { kind: 'enum', name: named.name }
        : { kind: 'scalar', name: scalarName(where, named) }
    return {
      name: field.name,
      description,
      nullable,
      column: toColumnName(field.name),
      type: { kind: 'list', item: itemType, itemNullable },
    }
  }
  if (named instanceof GraphQLObjectType) {
    if (derived) {
      if (!nullable) throw new SchemaModelError(`${where}: a @derivedFrom single relation must be nullable`)
      return {
        name: field.name,
        description,
        nullable,
        type: { kind: 'lookup', entity: named.name, field: derived },
      }
    }
    return {
      name: field.name,
      description,
      nullable,
      column: toColumnName(field.name, true),
      type: { kind: 'fk', entity: named.name },
    }
  }
  if (named instanceof GraphQLEnumType)
    return {
      name: field.name,
      description,
      nullable,
      column: toColumnName(field.name),
      type: { kind: 'enum', name: named.name },
    }
  return {
    name: field.name,
    description,
    nullable,
    column: toColumnName(field.name),
    type: { kind: 'scalar', name: scalarName(where, named) },
  }
}

function scalarName(where: string, type: GraphQLNamedType): ScalarName {
  if (!SCALARS.has(type.name)) throw new SchemaModelError(`${where}: unsupported type ${type.name}`)
  return type.name as ScalarName
}

function checkDerived(model: Model, entity: Entity): void {
  for (const prop of Object.values(entity.properties)) {
    if (prop.type.kind !== 'lookup' && prop.type.kind !== 'list-lookup') continue
    const target = model.entities[prop.type.entity]
    const back = target?.properties[prop.type.field]
    if (back?.type.kind !== 'fk' || back.type.entity !== entity.name)
      throw new SchemaModelError(
        `${entity.name}.${prop.name}: @derivedFrom(field: "${prop.type.field}") names no relation of ${prop.type.entity} to ${entity.name}`,
      )
  }
}
