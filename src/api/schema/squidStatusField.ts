import { type GraphQLFieldConfig, GraphQLInt, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { runSql } from '../read/runSql'

const SquidStatus = new GraphQLObjectType({
  name: 'SquidStatus',
  fields: {
    height: { type: GraphQLInt, description: 'The height of the last processed block' },
    hash: { type: GraphQLString, description: 'The hash of the last processed block' },
    finalizedHeight: { type: GraphQLInt, description: 'The height of the last processed finalized block' },
    finalizedHash: { type: GraphQLString, description: 'The hash of the last processed finalized block' },
  },
})

// typeorm-store keeps the finalized head in squid_processor.status and unfinalized blocks in
// squid_processor.hot_block; the processed head is the highest hot block, else the finalized one.
const SQL = `
SELECT f.height, f.hash, COALESCE(h.height, f.height), COALESCE(h.hash, f.hash)
FROM squid_processor.status AS f
LEFT JOIN LATERAL (SELECT height, hash FROM squid_processor.hot_block ORDER BY height DESC LIMIT 1) AS h ON true
WHERE f.id = 0`

/**
 * `squidStatus { height hash finalizedHeight finalizedHash }` as @subsquid/graphql-server serves
 * it; null fields before the processor has written its status.
 *
 * @example
 * fields.squidStatus = squidStatusField
 */
export const squidStatusField: GraphQLFieldConfig<unknown, ApiContext> = {
  type: SquidStatus,
  async resolve(_src, _args, ctx) {
    let rows: unknown[][]
    try {
      rows = await runSql(ctx, SQL, [])
    } catch (e) {
      // The processor has not created its tables yet (42P01, 3F000), or created them after the
      // API's role was granted (42501): report "no status" rather than an error.
      if (['42P01', '3F000', '42501'].includes((e as { code?: string }).code ?? ''))
        return { height: null, hash: null, finalizedHeight: null, finalizedHash: null }
      throw e
    }
    const r = rows[0]
    if (!r) return { height: null, hash: null, finalizedHeight: null, finalizedHash: null }
    return { finalizedHeight: Number(r[0]), finalizedHash: r[1], height: Number(r[2]), hash: r[3] }
  },
}
