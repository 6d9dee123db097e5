import {
  type GraphQLFieldConfigMap,
  GraphQLFloat,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLString,
} from 'graphql/index.js'
import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
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

const AR = tables.auditReport.columns
const S = tables.settlement.columns

// The latest report of each settled inference decides its audit status (re-audits supersede).
const SUMMARY_COLUMNS = `
  count(*)::int AS settlements,
  count(a.status)::int AS audited,
  (count(*) FILTER (WHERE a.status = 'VERIFIED'))::int AS verified,
  (count(*) FILTER (WHERE a.status = 'MISMATCH'))::int AS mismatch,
  (count(*) FILTER (WHERE a.status = 'UNVERIFIABLE'))::int AS unverifiable,
  to_char(max(a.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_audit_at`
const LATEST_AUDIT = `LEFT JOIN LATERAL (SELECT r.${AR.status} AS status, r.${AR.createdAt} AS created_at
  FROM ${tables.auditReport.name} r
  WHERE r.${AR.inference} = s.${S.id} ORDER BY r.${AR.createdAt} DESC LIMIT 1) AS a ON true`

/** Whose settlements a summary aggregates: the entity's table, id, order and the settlements' foreign key to it. */
type SummaryOf = { table: string; id: string; order: string; fk: string }

/**
 * The summaries of the entities `$1` (ids, or null for all), `order` descending, one page.
 */
function summariesSql(of: SummaryOf, limit: number, offset: number): string {
  return `SELECT e.${of.id} AS id, agg.* FROM ${of.table} e CROSS JOIN LATERAL (
        SELECT ${SUMMARY_COLUMNS} FROM ${tables.settlement.name} s ${LATEST_AUDIT} WHERE s.${of.fk} = e.${of.id}) AS agg
        WHERE ($1::text[] IS NULL OR e.${of.id} = ANY($1)) ORDER BY e.${of.order} DESC, e.${of.id} LIMIT ${limit} OFFSET ${offset}`
}

const PER_VALIDATOR: SummaryOf = {
  table: tables.validator.name,
  id: tables.validator.columns.id,
  order: tables.validator.columns.settlementCount,
  fk: S.validator,
}
const PER_MODEL: SummaryOf = {
  table: tables.model.name,
  id: tables.model.columns.id,
  order: tables.model.columns.settledCount,
  fk: S.model,
}
handWrittenSql('api.validatorAuditSummaries', summariesSql(PER_VALIDATOR, 50, 0))
handWrittenSql('api.modelAuditSummaries', summariesSql(PER_MODEL, 50, 0))

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
    (of: SummaryOf) =>
    async (
      _s: unknown,
      args: { ids?: string[] | null; limit?: number; offset?: number },
      ctx: ApiContext,
    ) => {
      const { limit, offset } = checkPage(args, ctx.limits)
      charge(ctx, limit * 10)
      const sql = summariesSql(of, limit, offset)
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
      resolve: summaries(PER_VALIDATOR),
    },
    modelAuditSummaries: {
      type: nonNull(new GraphQLList(nonNull(perModel))),
      description: "Audit outcome of each model's settlements (most settled first)",
      args: { ids: { type: new GraphQLList(nonNull(GraphQLString)) }, ...pageArgs(50) },
      resolve: summaries(PER_MODEL),
    },
  }
}
