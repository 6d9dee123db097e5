import {
  GraphQLBoolean,
  type GraphQLFieldConfigMap,
  GraphQLFloat,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLString,
} from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { charge } from '../read/ApiContext'
import { loadById } from '../read/loadById'
import { readList } from '../read/readList'
import { runSql } from '../read/runSql'
import { BigIntScalar, DateTimeScalar } from '../scalars'
import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { checkPage, hasEntities, nonNull, pageArgs } from './pageArgs'

type Row = Record<string, unknown>

// The latest report of each settled inference decides its audit status (re-audits supersede).
const SUMMARY_COLUMNS = `
  count(*)::int AS settlements,
  count(a.status)::int AS audited,
  (count(*) FILTER (WHERE a.status = 'VERIFIED'))::int AS verified,
  (count(*) FILTER (WHERE a.status = 'MISMATCH'))::int AS mismatch,
  (count(*) FILTER (WHERE a.status = 'UNVERIFIABLE'))::int AS unverifiable,
  to_char(max(a.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_audit_at`
const LATEST_AUDIT = `LEFT JOIN LATERAL (SELECT r.status, r.created_at FROM audit_report r
  WHERE r.inference_id = s.id ORDER BY r.created_at DESC LIMIT 1) AS a ON true`

function summaryFields(): GraphQLFieldConfigMap<Row, ApiContext> {
  return {
    settlements: { type: nonNull(GraphQLInt), description: 'settled inferences' },
    audited: { type: nonNull(GraphQLInt), description: 'settled inferences with at least one audit report' },
    verified: { type: nonNull(GraphQLInt) },
    mismatch: { type: nonNull(GraphQLInt) },
    unverifiable: { type: nonNull(GraphQLInt) },
    unaudited: {
      type: nonNull(GraphQLInt),
      resolve: (r) => (r.settlements as number) - (r.audited as number),
    },
    mismatchRate: {
      type: GraphQLFloat,
      description: 'mismatch / audited (latest report per inference); null before any audit',
      resolve: (r) => ((r.audited as number) > 0 ? (r.mismatch as number) / (r.audited as number) : null),
    },
    lastAuditAt: { type: DateTimeScalar, resolve: (r) => r.last_audit_at },
  }
}

/**
 * Auditor fields: `inferenceAudit(id)` (settlement, payouts and audit reports side by side with
 * conservation checks) and per-oracle / per-model audit summaries with mismatch rates. Every
 * aggregate walks one validator's or model's settlements through their foreign-key index.
 *
 * @example
 * buildApiSchema(text, { extensions: [auditFields] })
 */
export const auditFields: ApiExtension = (types): ApiFields => {
  if (
    !hasEntities(types.model, [
      'Inference',
      'Settlement',
      'ContributionReward',
      'AuditReport',
      'Validator',
      'Model',
    ])
  )
    return {}
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
            { orderBy: [{ path: ['position'], order: 'ASC' }] },
            (c) => `${c.column('settlement')} = ${c.params.add(r.id)}`,
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
            { orderBy: [{ path: ['createdAt'], order: 'DESC' }], limit: 100 },
            (c) => `${c.column('inference')} = ${c.params.add(r.id)}`,
          ),
      },
      checks: { type: checks, resolve: (r, _a, ctx) => settlementChecks(ctx, r.id as string) },
    },
  })
  const perValidator = new GraphQLObjectType<Row, ApiContext>({
    name: 'ValidatorAuditSummary',
    fields: () => ({
      validator: {
        type: nonNull(types.object('Validator')),
        resolve: (r, _a, ctx, info) => loadById(ctx, info, 'Validator', r.id as string),
      },
      ...summaryFields(),
    }),
  })
  const perModel = new GraphQLObjectType<Row, ApiContext>({
    name: 'ModelAuditSummary',
    fields: () => ({
      model: {
        type: nonNull(types.object('Model')),
        resolve: (r, _a, ctx, info) => loadById(ctx, info, 'Model', r.id as string),
      },
      ...summaryFields(),
    }),
  })
  const summaries =
    (table: 'validator' | 'model', fk: string, order: string) =>
    async (
      _s: unknown,
      args: { ids?: string[] | null; limit?: number; offset?: number },
      ctx: ApiContext,
    ) => {
      const { limit, offset } = checkPage(args, ctx.limits)
      charge(ctx, limit * 10)
      const sql = `SELECT e.id, agg.* FROM ${table} e CROSS JOIN LATERAL (
        SELECT ${SUMMARY_COLUMNS} FROM settlement s ${LATEST_AUDIT} WHERE s.${fk} = e.id) AS agg
        WHERE ($1::text[] IS NULL OR e.id = ANY($1)) ORDER BY e.${order} DESC, e.id LIMIT ${limit} OFFSET ${offset}`
      return toRecords(await runSql(ctx, sql, [args.ids ?? null]), [
        'id',
        'settlements',
        'audited',
        'verified',
        'mismatch',
        'unverifiable',
        'last_audit_at',
      ])
    }
  return {
    inferenceAudit: {
      type: inferenceAudit,
      description: 'One inference with its settlement, payouts, audit reports and conservation checks',
      args: { id: { type: nonNull(GraphQLString) } },
      resolve: async (_s, args: { id: string }, ctx) => {
        const rows = await runSql(ctx, 'SELECT id FROM inference WHERE id = $1', [args.id])
        return rows.length ? { id: args.id } : null
      },
    },
    validatorAuditSummaries: {
      type: nonNull(new GraphQLList(nonNull(perValidator))),
      description: "Audit outcome of each attribution oracle's settlements (busiest first)",
      args: { ids: { type: new GraphQLList(nonNull(GraphQLString)) }, ...pageArgs(50) },
      resolve: summaries('validator', 'validator_id', 'settlement_count'),
    },
    modelAuditSummaries: {
      type: nonNull(new GraphQLList(nonNull(perModel))),
      description: "Audit outcome of each model's settlements (most settled first)",
      args: { ids: { type: new GraphQLList(nonNull(GraphQLString)) }, ...pageArgs(50) },
      resolve: summaries('model', 'model_id', 'settled_count'),
    },
  }
}

async function settlementChecks(ctx: ApiContext, id: string): Promise<Row | null> {
  const rows = await runSql(
    ctx,
    `SELECT i.fee::text, (s.protocol_amount + s.model_owner_amount + s.stakers_amount + s.contributors_amount + s.dust)::text,
       s.contributors_amount::text, COALESCE(p.total, 0)::text, COALESCE(p.n, 0)::int, COALESCE(p.ppm, 0)::int
     FROM settlement s JOIN inference i ON i.id = s.inference_id
     LEFT JOIN LATERAL (SELECT sum(amount) AS total, count(*) AS n, sum(weight_ppm) AS ppm
       FROM contribution_reward WHERE settlement_id = s.id) AS p ON true
     WHERE s.id = $1`,
    [id],
  )
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

/**
 * Zips positional rows with column names.
 *
 * @example
 * toRecords([[1, 'a']], ['n', 's']) // [{ n: 1, s: 'a' }]
 */
export function toRecords(rows: unknown[][], names: string[]): Row[] {
  return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])))
}
