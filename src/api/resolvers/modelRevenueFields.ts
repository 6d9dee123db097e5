import DataLoader from 'dataloader'
import { GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLObjectType } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { charge } from '../read/ApiContext'
import { runSql } from '../read/runSql'
import { BigIntScalar, DateTimeScalar } from '../scalars'
import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { badInput } from '../server/apiErrors'
import { checkPage, hasEntities, nonNull } from './pageArgs'
import { toRecords } from './toRecords'

type Row = Record<string, unknown>
type SeriesArgs = {
  bucket: 'hour' | 'day' | 'week'
  from?: Date | null
  to?: Date | null
  limit?: number | null
}

const POINT_FIELDS = [
  'start',
  'settlements',
  'revenue',
  'ownerRevenue',
  'contributorRewards',
  'protocolRevenue',
  'stakersRevenue',
]

// One statement for every model of a response (same arguments): the first `limit` buckets of each.
const SERIES_SQL = `
SELECT model_id, start, settlements, revenue, owner, contributors, protocol, stakers FROM (
  SELECT model_id, start, settlements, revenue, owner, contributors, protocol, stakers,
    row_number() OVER (PARTITION BY model_id ORDER BY start) AS n
  FROM (
    SELECT model_id, to_char(date_trunc($2::text, timestamp AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS start, count(*)::int AS settlements,
      sum(protocol_amount + model_owner_amount + stakers_amount + contributors_amount + dust)::text AS revenue,
      sum(model_owner_amount)::text AS owner, sum(contributors_amount)::text AS contributors,
      sum(protocol_amount + dust)::text AS protocol, sum(stakers_amount)::text AS stakers
    FROM settlement
    WHERE model_id = ANY($1::text[]) AND ($3::timestamptz IS NULL OR timestamp >= $3) AND ($4::timestamptz IS NULL OR timestamp < $4)
    GROUP BY 1, 2
  ) AS b
) AS s WHERE n <= $5 ORDER BY model_id, start`

function loadSeries(ctx: ApiContext, modelId: string, args: SeriesArgs, limit: number): Promise<Row[]> {
  const key = `ModelRevenueSeries@${args.bucket}|${args.from?.toISOString()}|${args.to?.toISOString()}|${limit}`
  let loader = ctx.loaders.get(key) as DataLoader<string, Row[]> | undefined
  if (!loader) {
    loader = new DataLoader<string, Row[]>(
      async (ids) => {
        charge(ctx, ids.length * limit)
        const rows = await runSql(ctx, SERIES_SQL, [
          [...ids],
          args.bucket,
          args.from ?? null,
          args.to ?? null,
          limit,
        ])
        const byModel = new Map<string, unknown[][]>()
        for (const [id, start, ...rest] of rows) {
          const list = byModel.get(id as string) ?? []
          list.push([start, ...rest])
          byModel.set(id as string, list)
        }
        return ids.map((i) => toRecords(byModel.get(i) ?? [], POINT_FIELDS))
      },
      { maxBatchSize: ctx.limits.maxInList },
    )
    ctx.loaders.set(key, loader as unknown as DataLoader<string, Row | null>)
  }
  return loader.load(modelId)
}

/**
 * `Model.revenueSeries(bucket, from, to, limit)`: the model's settled inference fees per UTC
 * hour, day or week, oldest first, split as the fee policy paid them, so a model's earnings (e.g.
 * before and after a grant) are read from the model itself. Buckets without settlements are left
 * out. Batched: the models of one response cost one statement.
 *
 * @example
 * buildApiSchema(text, { extensions: [modelRevenueFields] }) // { models { revenueSeries(bucket: DAY) { start revenue } } }
 */
export const modelRevenueFields: ApiExtension = (types): ApiFields => {
  if (!hasEntities(types.model, ['Model', 'Settlement'])) return {}
  const bucket = new GraphQLEnumType({
    name: 'ModelRevenueBucket',
    values: { HOUR: { value: 'hour' }, DAY: { value: 'day' }, WEEK: { value: 'week' } },
  })
  const point = new GraphQLObjectType<Row, ApiContext>({
    name: 'ModelRevenuePoint',
    fields: {
      start: {
        type: nonNull(DateTimeScalar),
        description: 'start of the bucket (UTC; weeks start on Monday)',
      },
      settlements: { type: nonNull(GraphQLInt) },
      revenue: {
        type: nonNull(BigIntScalar),
        description: 'inference fees settled, wei (Model.revenue per bucket)',
      },
      ownerRevenue: { type: nonNull(BigIntScalar), description: "model owner's share, wei" },
      contributorRewards: { type: nonNull(BigIntScalar), description: 'paid to data contributors, wei' },
      protocolRevenue: { type: nonNull(BigIntScalar), description: 'protocol share plus rounding dust, wei' },
      stakersRevenue: { type: nonNull(BigIntScalar), description: 'paid to the stakers bank, wei' },
    },
  })
  types.extend('Model', () => ({
    revenueSeries: {
      type: nonNull(new GraphQLList(nonNull(point))),
      description: 'settled inference fees per time bucket, oldest first; from inclusive, to exclusive',
      args: {
        bucket: { type: nonNull(bucket), defaultValue: 'day' },
        from: { type: DateTimeScalar },
        to: { type: DateTimeScalar },
        limit: { type: GraphQLInt, defaultValue: 366 },
      },
      resolve: (r: Row, args: SeriesArgs, ctx: ApiContext) => {
        const { limit } = checkPage({ limit: args.limit }, ctx.limits)
        if (args.from && args.to && args.from > args.to) throw badInput('from must not be after to')
        return loadSeries(ctx, r.id as string, args, limit)
      },
    },
  }))
  return {}
}
