import {
  GraphQLBoolean,
  type GraphQLFieldConfigMap,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql/index.js'
import { type Model, parseSchemaModel, toPlural } from '../model'
import type { ApiContext } from '../read/ApiContext'
import { readById } from '../read/readById'
import { type ConnectionArgs, readConnection } from '../read/readConnection'
import { readList } from '../read/readList'
import { analyticsStatusField } from './analyticsStatusField'
import { EntityTypes } from './EntityTypes'
import type { HealthProvider } from './partHealth'
import { createSquidStatusField } from './squidStatusField'

/** Root fields resolved with the request's {@link ApiContext}. */
export type ApiFields = GraphQLFieldConfigMap<unknown, ApiContext>

/** Adds root fields (e.g. analytics) on top of the generated ones; may reuse the entity types. */
export type ApiExtension = (types: EntityTypes) => ApiFields

export type BuildApiSchemaOptions = {
  /** Extra root fields; an extension naming an entity the schema lacks is skipped by its author. */
  extensions?: ApiExtension[]
  /** Serve `squidStatus` from squid_processor.status. @default true */
  squidStatus?: boolean
  /** Where `squidStatus.parts` comes from. @default none (parts: null) */
  health?: HealthProvider
}

/**
 * Builds the executable GraphQL schema of a Subsquid-dialect schema file with OpenReader's query
 * surface: for each entity `xs`, `xById`, `xsConnection`, plus `squidStatus` and any extensions.
 * Resolvers read through the {@link ApiContext} of the request, one SQL statement per root field.
 *
 * @throws {SchemaModelError} when the schema uses constructs this API does not serve.
 * @example
 * const { schema, model } = buildApiSchema(fs.readFileSync('schema.graphql', 'utf8'))
 */
export function buildApiSchema(
  schemaText: string | Model,
  options: BuildApiSchemaOptions = {},
): { schema: GraphQLSchema; model: Model; types: EntityTypes } {
  const model = typeof schemaText === 'string' ? parseSchemaModel(schemaText) : schemaText
  const types = new EntityTypes(model)
  const pageInfo = new GraphQLNonNull(
    new GraphQLObjectType({
      name: 'PageInfo',
      fields: {
        hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
        hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean) },
        startCursor: { type: new GraphQLNonNull(GraphQLString) },
        endCursor: { type: new GraphQLNonNull(GraphQLString) },
      },
    }),
  )
  const query: GraphQLFieldConfigMap<unknown, ApiContext> = {}
  for (const entity of Object.values(model.entities)) {
    const name = entity.name
    const object = types.object(name)
    query[entity.listQuery] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(object))),
      args: types.listArgs(name),
      resolve: (_s, args, ctx, info) => readList(ctx, info, name, args),
    }
    query[entity.byIdQuery] = {
      type: object,
      args: { id: { type: new GraphQLNonNull(GraphQLString) } },
      resolve: (_s, args, ctx, info) => readById(ctx, info, name, args.id),
    }
    const edge = new GraphQLObjectType({
      name: `${name}Edge`,
      fields: {
        node: { type: new GraphQLNonNull(object) },
        cursor: { type: new GraphQLNonNull(GraphQLString) },
      },
    })
    query[entity.connectionQuery] = {
      type: new GraphQLNonNull(
        new GraphQLObjectType({
          name: `${toPlural(name)}Connection`,
          fields: {
            edges: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edge))) },
            pageInfo: { type: pageInfo },
            totalCount: { type: new GraphQLNonNull(GraphQLInt) },
          },
        }),
      ),
      args: {
        orderBy: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(types.orderBy(name)))) },
        after: { type: GraphQLString },
        first: { type: GraphQLInt },
        where: { type: types.where(name) },
      },
      resolve: (_s, args, ctx, info) => readConnection(ctx, info, name, args as ConnectionArgs),
    }
  }
  if (options.squidStatus !== false) query.squidStatus = createSquidStatusField(options.health)
  if (options.squidStatus !== false) query.analyticsStatus = analyticsStatusField
  for (const extend of options.extensions ?? []) Object.assign(query, extend(types))
  const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: query }) })
  return { schema, model, types }
}
