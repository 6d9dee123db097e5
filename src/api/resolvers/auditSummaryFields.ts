import {
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
import { runSql } from '../read/runSql'
import { DateTimeScalar } from '../scalars'
import type { ApiFields } from '../schema/buildApiSchema'
import type { EntityTypes } from '../schema/EntityTypes'
import { checkPage, nonNull, pageArgs } from './pageArgs'
import { toRecords } from './toRecords'

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
 * `validatorAuditSummaries` and `modelAuditSummaries`: the audit outcome of each oracle's or
 * model's settlements with its mismatch rate. Every aggregate walks one validator's or model's
 * settlements through their foreign-key index.
 *
 * @example
 * const fields = { ...auditSummaryFields(types) } // { validatorAuditSummaries { mismatchRate } }
 */
export function auditSummaryFields(types: EntityTypes): ApiFields {
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
