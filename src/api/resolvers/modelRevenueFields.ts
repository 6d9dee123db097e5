import { GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLObjectType } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { BigIntScalar, DateTimeScalar } from '../scalars'
import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { badInput } from '../server/apiErrors'
import { loadRevenueSeries, type SeriesArgs } from './loadRevenueSeries'
import { checkPage, hasEntities, nonNull } from './pageArgs'

type Row = Record<string, unknown>

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
        return loadRevenueSeries(ctx, r.id as string, args, limit)
      },
    },
  }))
  return {}
}
