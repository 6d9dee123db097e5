import {
  type GraphQLFieldConfig,
  GraphQLFloat,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
} from 'graphql/index.js'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
import { processorStatusSql } from '../../db/tables/processorStatus'
import type { ApiContext } from '../read/ApiContext'
import { runSql } from '../read/runSql'

const AnalyticsStatus = new GraphQLObjectType({
  name: 'AnalyticsStatus',
  description: 'How far the DuckDB analytics store is behind the indexer (not in OpenReader)',
  fields: {
    syncedHeight: {
      type: GraphQLInt,
      description: 'Processor height of the PostgreSQL snapshot last synced',
    },
    processorHeight: {
      type: GraphQLInt,
      description: 'Processor height now (highest hot block, else finalized)',
    },
    lagBlocks: { type: GraphQLInt, description: 'processorHeight - syncedHeight' },
    syncedAt: { type: new GraphQLNonNull(GraphQLString), description: 'ISO time of the last sync round' },
    lagSeconds: { type: new GraphQLNonNull(GraphQLFloat), description: 'Seconds since the last sync round' },
    pendingChanges: {
      type: new GraphQLNonNull(GraphQLInt),
      description: 'Changed rows logged in PostgreSQL and not yet synced (counted up to 1,000,000)',
    },
    overflowValues: {
      type: new GraphQLNonNull(GraphQLFloat),
      description: 'Amounts too large for DuckDB HUGEINT, kept as text in <column>__overflow',
    },
  },
})

// The sync publishes its status in openledger_analytics.sync_status after each round; pending
// changes are counted with a cap so a long backlog does not make this field slow.
const SQL = handWrittenSql(
  'api.analyticsStatus',
  `
SELECT s.height,
  ${processorStatusSql.processedHeight},
  to_char(s.synced_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  extract(epoch FROM now() - s.synced_at)::float8,
  (SELECT count(*) FROM (SELECT 1 FROM openledger_analytics.change LIMIT 1000000) c),
  s.overflow_values
FROM openledger_analytics.sync_status s`,
)

/**
 * `analyticsStatus { syncedHeight processorHeight lagBlocks syncedAt lagSeconds pendingChanges
 * overflowValues }`: the lag of the DuckDB analytics store behind the indexer, from the status
 * the sync writes to PostgreSQL (so `serve` reports it too). Null before the first sync.
 *
 * @example
 * fields.analyticsStatus = analyticsStatusField
 */
export const analyticsStatusField: GraphQLFieldConfig<unknown, ApiContext> = {
  type: AnalyticsStatus,
  async resolve(_src, _args, ctx) {
    let rows: unknown[][]
    try {
      rows = await runSql(ctx, SQL, [])
    } catch (e) {
      // No sync has run on this database (42P01, 3F000) or the API role may not read it (42501).
      if (['42P01', '3F000', '42501'].includes((e as { code?: string }).code ?? '')) return null
      throw e
    }
    const r = rows[0]
    if (!r) return null
    const synced = r[0] === null ? null : Number(r[0])
    const processor = r[1] === null ? null : Number(r[1])
    return {
      syncedHeight: synced,
      processorHeight: processor,
      lagBlocks: synced === null || processor === null ? null : Math.max(0, processor - synced),
      syncedAt: r[2],
      lagSeconds: Number(r[3]),
      pendingChanges: Number(r[4]),
      overflowValues: Number(r[5]),
    }
  },
}
