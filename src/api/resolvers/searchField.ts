import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { readList } from '../read/readList'
import type { ApiFields } from '../schema/buildApiSchema'
import type { EntityTypes } from '../schema/EntityTypes'
import type { TableCursor } from '../sql/TableCursor'
import { entityFields } from './entityFields'
import { checkPage, nonNull } from './pageArgs'

type Row = Record<string, unknown>

const D = entityFields.datanet
const M = entityFields.model
const A = entityFields.account

/**
 * `search(text)`: datanets and models by name (case-insensitive substring) or id, and
 * contributors by address prefix, each list capped by `limit`.
 *
 * @example
 * const fields = { ...searchField(types) } // { search(text: "spam") { models { id name } } }
 */
export function searchField(types: EntityTypes): ApiFields {
  const byName = (fields: { id: string; name: string }, text: string) => (c: TableCursor) => {
    const pattern = c.params.add(`%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
    return `lower(${c.column(fields.name)}) LIKE ${pattern} OR ${c.column(fields.id)} = ${c.params.add(text)}`
  }
  const results = new GraphQLObjectType<Row, ApiContext>({
    name: 'SearchResults',
    fields: {
      datanets: {
        type: nonNull(new GraphQLList(nonNull(types.object('Datanet')))),
        description: 'by name (case-insensitive substring) or id, most contributions first',
        resolve: (r, _a, ctx, info) =>
          readList(
            ctx,
            info,
            'Datanet',
            { limit: r.limit as number, orderBy: [{ path: [D.contributionCount], order: 'DESC' }] },
            byName(D, r.text as string),
          ),
      },
      models: {
        type: nonNull(new GraphQLList(nonNull(types.object('Model')))),
        description: 'by name (case-insensitive substring) or id, most inferences first',
        resolve: (r, _a, ctx, info) =>
          readList(
            ctx,
            info,
            'Model',
            { limit: r.limit as number, orderBy: [{ path: [M.inferenceCount], order: 'DESC' }] },
            byName(M, r.text as string),
          ),
      },
      contributors: {
        type: nonNull(new GraphQLList(nonNull(types.object('Account')))),
        description: 'accounts whose address starts with the text (0x...), in address order',
        resolve: (r, _a, ctx, info) => {
          const prefix = String(r.text).toLowerCase()
          if (!/^0x[0-9a-f]*$/.test(prefix)) return []
          // A range on the primary key (C collation) instead of LIKE, so the index is used.
          return readList(
            ctx,
            info,
            'Account',
            { limit: r.limit as number, orderBy: [{ path: [A.id], order: 'ASC' }] },
            (c) =>
              `${c.column(A.id)} >= ${c.params.add(prefix)} AND ${c.column(A.id)} < ${c.params.add(`${prefix}g`)}`,
          )
        },
      },
    },
  })
  return {
    search: {
      type: nonNull(results),
      description: 'Find datanets, models and contributors by name, id or address prefix',
      args: { text: { type: nonNull(GraphQLString) }, limit: { type: GraphQLInt, defaultValue: 10 } },
      resolve: (_s, args: { text: string; limit: number }, ctx) => ({
        ...args,
        limit: checkPage(args, ctx.limits).limit,
      }),
    },
  }
}
