import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
import type { ApiContext } from '../read/ApiContext'
import { loadById } from '../read/loadById'
import { readList } from '../read/readList'
import { runSql } from '../read/runSql'
import { BigIntScalar, DateTimeScalar } from '../scalars'
import type { EntityTypes } from '../schema/EntityTypes'
import { entityFields } from './entityFields'
import { checkPage, nonNull, pageArgs } from './pageArgs'
import { settlementFeeSql } from './settlementFeeSql'
import { toRecords } from './toRecords'

type Row = Record<string, unknown>

const MV = tables.modelVersion.columns
const S = tables.settlement.columns

/** The datanet ids of the current (highest) version of the model `modelParam` (a placeholder). */
const currentDatanetIdsSql = (modelParam: string): string =>
  `SELECT unnest(mv.datanet_ids) FROM (SELECT ${MV.datanetIds} AS datanet_ids FROM ${tables.modelVersion.name}
              WHERE ${MV.model} = ${modelParam} ORDER BY ${MV.version} DESC LIMIT 1) AS mv`

/** Settlements of the model `$1` per UTC day, latest first, one page. */
const attributionHistorySql = (limit: number, offset: number): string =>
  `SELECT to_char(date_trunc('day', ${S.timestamp} AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS d, count(*)::int,
               sum(${settlementFeeSql()})::text,
               sum(${S.contributorsAmount})::text, sum(${S.modelOwnerAmount})::text
             FROM ${tables.settlement.name} WHERE ${S.model} = $1 GROUP BY 1 ORDER BY 1 DESC LIMIT ${limit} OFFSET ${offset}`

handWrittenSql('api.fundedModelDatanets', currentDatanetIdsSql('$1'))
handWrittenSql('api.fundedModelAttributionHistory', attributionHistorySql(30, 0))

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
            { orderBy: [{ path: [entityFields.datanet.id], order: 'ASC' }] },
            (c) =>
              `${c.column(entityFields.datanet.id)} IN (${currentDatanetIdsSql(c.params.add(r.modelId))})`,
          ),
      },
      attributionHistory: {
        type: nonNull(new GraphQLList(nonNull(day))),
        description: 'settlements of the model per UTC day, latest first',
        args: pageArgs(30),
        resolve: async (r, args, ctx) => {
          const { limit, offset } = checkPage(args, ctx.limits)
          const rows = await runSql(ctx, attributionHistorySql(limit, offset), [r.modelId])
          return toRecords(rows, ['day', 'settlements', 'fees', 'contributorRewards', 'ownerRevenue'])
        },
      },
    },
  })
}
