import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { loadById } from '../read/loadById'
import { readList } from '../read/readList'
import { runSql } from '../read/runSql'
import { BigIntScalar, DateTimeScalar } from '../scalars'
import type { EntityTypes } from '../schema/EntityTypes'
import { checkPage, nonNull, pageArgs } from './pageArgs'
import { toRecords } from './toRecords'

type Row = Record<string, unknown>

/**
 * `FundedModel`: a model a proposal's `ModelFund.fundModel` action funds, with the datanets of its
 * current version and its daily settlement history (`ModelAttributionDay`), so voters see what the
 * grant would pay for.
 *
 * @example
 * const funded = fundedModelType(types) // ProposalOverview.fundedModels: [FundedModel!]!
 */
export function fundedModelType(types: EntityTypes): GraphQLObjectType<Row, ApiContext> {
  const day = new GraphQLObjectType<Row, ApiContext>({
    name: 'ModelAttributionDay',
    fields: {
      day: { type: nonNull(DateTimeScalar) },
      settlements: { type: nonNull(GraphQLInt) },
      fees: { type: nonNull(BigIntScalar), description: 'inference fees settled, wei' },
      contributorRewards: {
        type: nonNull(BigIntScalar),
        description: 'paid to data contributors by attribution, wei',
      },
      ownerRevenue: { type: nonNull(BigIntScalar) },
    },
  })
  return new GraphQLObjectType<Row, ApiContext>({
    name: 'FundedModel',
    fields: {
      actionIndex: { type: nonNull(GraphQLInt) },
      amount: { type: BigIntScalar, description: 'amount the action grants, wei' },
      modelId: { type: nonNull(GraphQLString) },
      model: {
        type: types.object('Model'),
        resolve: (r, _a, ctx, info) => loadById(ctx, info, 'Model', r.modelId as string),
      },
      datanets: {
        type: nonNull(new GraphQLList(nonNull(types.object('Datanet')))),
        description: "datanets the model's current version was trained on",
        resolve: (r, _a, ctx, info) =>
          readList(
            ctx,
            info,
            'Datanet',
            { orderBy: [{ path: ['id'], order: 'ASC' }] },
            (c) =>
              `${c.column('id')} IN (SELECT unnest(mv.datanet_ids) FROM (SELECT datanet_ids FROM model_version
              WHERE model_id = ${c.params.add(r.modelId)} ORDER BY version DESC LIMIT 1) AS mv)`,
          ),
      },
      attributionHistory: {
        type: nonNull(new GraphQLList(nonNull(day))),
        description: 'settlements of the model per UTC day, latest first',
        args: pageArgs(30),
        resolve: async (r, args, ctx) => {
          const { limit, offset } = checkPage(args, ctx.limits)
          const rows = await runSql(
            ctx,
            `SELECT to_char(date_trunc('day', timestamp AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS d, count(*)::int,
               sum(protocol_amount + model_owner_amount + stakers_amount + contributors_amount + dust)::text,
               sum(contributors_amount)::text, sum(model_owner_amount)::text
             FROM settlement WHERE model_id = $1 GROUP BY 1 ORDER BY 1 DESC LIMIT ${limit} OFFSET ${offset}`,
            [r.modelId],
          )
          return toRecords(rows, ['day', 'settlements', 'fees', 'contributorRewards', 'ownerRevenue'])
        },
      },
    },
  })
}
