import { GraphQLBoolean, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
import type { ApiContext } from '../read/ApiContext'
import { loadById } from '../read/loadById'
import { readList } from '../read/readList'
import { runSql } from '../read/runSql'
import { BigIntScalar } from '../scalars'
import type { ApiFields } from '../schema/buildApiSchema'
import type { EntityTypes } from '../schema/EntityTypes'
import { entityFields } from './entityFields'
import { nonNull } from './pageArgs'
import { settlementFeeSql } from './settlementFeeSql'

type Row = Record<string, unknown>

const I = tables.inference.columns
const S = tables.settlement.columns
const CR = tables.contributionReward.columns

const INFERENCE_EXISTS_SQL = handWrittenSql(
  'api.inferenceExists',
  `SELECT ${I.id} FROM ${tables.inference.name} WHERE ${I.id} = $1`,
)

/**
 * The checks of settlement `$1`: fee, distributed, contributors' amount, payouts total, payout
 * count, weights total (ppm).
 */
const SETTLEMENT_CHECKS_SQL = handWrittenSql(
  'api.settlementChecks',
  `SELECT i.${I.fee}::text,
       (${settlementFeeSql('s')})::text,
       s.${S.contributorsAmount}::text, COALESCE(p.total, 0)::text, COALESCE(p.n, 0)::int, COALESCE(p.ppm, 0)::int
     FROM ${tables.settlement.name} s JOIN ${tables.inference.name} i ON i.${I.id} = s.${S.inference}
     LEFT JOIN LATERAL (SELECT sum(${CR.amount}) AS total, count(*) AS n, sum(${CR.weightPpm}) AS ppm
       FROM ${tables.contributionReward.name} WHERE ${CR.settlement} = s.${S.id}) AS p ON true
     WHERE s.${S.id} = $1`,
)

/**
 * `inferenceAudit(id)`: one inference with its settlement, payouts and audit reports side by side,
 * and the arithmetic checks of the settlement (fee conserved, payouts matching the contributors'
 * share, weights complete), so a reader sees a broken settlement without recomputing it.
 *
 * @example
 * const fields = { ...inferenceAuditField(types) } // { inferenceAudit { checks { feeConserved } } }
 */
export function inferenceAuditField(types: EntityTypes): ApiFields {
  const checks = new GraphQLObjectType<Row, ApiContext>({
    name: 'SettlementChecks',
    description: 'Arithmetic checks of a settlement against its inference fee and payouts',
    fields: {
      fee: { type: nonNull(BigIntScalar) },
      distributed: {
        type: nonNull(BigIntScalar),
        description: 'protocol + model owner + stakers + contributors + dust',
      },
      feeConserved: { type: nonNull(GraphQLBoolean), resolve: (r) => r.fee === r.distributed },
      contributorsAmount: { type: nonNull(BigIntScalar) },
      payoutsTotal: { type: nonNull(BigIntScalar), description: 'sum of ContributionReward amounts' },
      payoutsMatch: {
        type: nonNull(GraphQLBoolean),
        resolve: (r) => r.contributorsAmount === r.payoutsTotal,
      },
      payoutCount: { type: nonNull(GraphQLInt) },
      weightsTotalPpm: { type: nonNull(GraphQLInt), description: '1,000,000 when the weights are complete' },
    },
  })
  const inferenceAudit = new GraphQLObjectType<Row, ApiContext>({
    name: 'InferenceAudit',
    fields: {
      inference: {
        type: nonNull(types.object('Inference')),
        resolve: (r, _a, ctx, info) => loadById(ctx, info, 'Inference', r.id as string),
      },
      settlement: {
        type: types.object('Settlement'),
        resolve: (r, _a, ctx, info) => loadById(ctx, info, 'Settlement', r.id as string),
      },
      payouts: {
        type: nonNull(new GraphQLList(nonNull(types.object('ContributionReward')))),
        resolve: (r, _a, ctx, info) =>
          readList(
            ctx,
            info,
            'ContributionReward',
            { orderBy: [{ path: [entityFields.contributionReward.position], order: 'ASC' }] },
            (c) => `${c.column(entityFields.contributionReward.settlement)} = ${c.params.add(r.id)}`,
          ),
      },
      audits: {
        type: nonNull(new GraphQLList(nonNull(types.object('AuditReport')))),
        description: 'audit reports, latest first',
        resolve: (r, _a, ctx, info) =>
          readList(
            ctx,
            info,
            'AuditReport',
            { orderBy: [{ path: [entityFields.auditReport.createdAt], order: 'DESC' }], limit: 100 },
            (c) => `${c.column(entityFields.auditReport.inference)} = ${c.params.add(r.id)}`,
          ),
      },
      checks: { type: checks, resolve: (r, _a, ctx) => settlementChecks(ctx, r.id as string) },
    },
  })
  return {
    inferenceAudit: {
      type: inferenceAudit,
      description: 'One inference with its settlement, payouts, audit reports and conservation checks',
      args: { id: { type: nonNull(GraphQLString) } },
      resolve: async (_s, args: { id: string }, ctx) => {
        const rows = await runSql(ctx, INFERENCE_EXISTS_SQL, [args.id])
        return rows.length ? { id: args.id } : null
      },
    },
  }
}

async function settlementChecks(ctx: ApiContext, id: string): Promise<Row | null> {
  const rows = await runSql(ctx, SETTLEMENT_CHECKS_SQL, [id])
  const r = rows[0]
  if (!r) return null
  return {
    fee: r[0],
    distributed: r[1],
    contributorsAmount: r[2],
    payoutsTotal: r[3],
    payoutCount: r[4],
    weightsTotalPpm: r[5],
  }
}
