import {
  type GraphQLEnumType as EnumType,
  GraphQLEnumType,
  type GraphQLFieldConfigArgumentMap,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLString,
} from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { nonNull } from '../resolvers/pageArgs'
import { BigIntScalar, DateTimeScalar } from '../scalars'
import type { ApiExtension } from '../schema/buildApiSchema'
import type { AnalyticsSource } from './AnalyticsSource'
import { analyticsGraphQLError } from './analyticsGraphQLError'
import { type ColumnKind, DASHBOARD_QUERIES, type DashboardQuery } from './dashboardQueries'
import { DEFAULT_TOP_LIMIT, parseFilters } from './parseFilters'
import { dashboardSql, runDashboardQuery } from './runDashboardQuery'
import { runSeries } from './runSeries'
import { SERIES_GROUPS, SERIES_METRICS } from './seriesSql'

type Row = Record<string, unknown>

export type AnalyticsFieldsOptions = {
  /** Most points one `series` answer may have; more is BAD_USER_INPUT (narrow the range). @default 10000 */
  maxSeriesRows?: number
  /** Where unexpected failures are logged (their messages stay in the server). @default console.warn */
  log?: (line: string) => void
}

const SCALAR: Record<ColumnKind, GraphQLOutputType> = {
  time: DateTimeScalar,
  wei: BigIntScalar,
  int: GraphQLInt,
  text: GraphQLString,
}

/**
 * `analytics { … }`: one typed field per dashboard question (the same SQL files the dashboards
 * page runs, over the analytics store), with from/to, model/datanet, bucket (HOUR, DAY, WEEK)
 * and, for the top lists, limit; plus `series(metric, bucket, groupBy, from, to)` for counts and
 * sums of the main facts. Arguments are enums or bound parameters, never SQL text.
 *
 * @example
 * buildApiSchema(text, { extensions: [...defaultExtensions(), analyticsFields(source)] })
 */
export function analyticsFields(source: AnalyticsSource, options: AnalyticsFieldsOptions = {}): ApiExtension {
  return () => {
    const bucket = new GraphQLEnumType({
      name: 'AnalyticsBucket',
      values: {
        HOUR: { value: 'hour' },
        DAY: { value: 'day', description: 'UTC day' },
        WEEK: { value: 'week', description: 'week starting Monday 00:00 UTC' },
      },
    })
    const log = options.log ?? ((l: string) => console.warn(l))
    const fail = (e: unknown) => analyticsGraphQLError(e, log)
    const fields: Record<string, object> = {}
    for (const q of DASHBOARD_QUERIES) fields[q.field] = questionField(source, q, bucket, fail)
    fields.series = seriesField(source, bucket, options.maxSeriesRows ?? 10_000, fail)
    const analytics = new GraphQLObjectType<unknown, ApiContext>({
      name: 'Analytics',
      description: 'Answers from the DuckDB analytics store (kept in step with the indexed database)',
      fields: fields as never,
    })
    return {
      analytics: {
        type: nonNull(analytics),
        description: 'Dashboards and time series over the analytics store',
        resolve: () => ({}),
      },
    }
  }
}

type Fail = (e: unknown) => Error

function questionField(source: AnalyticsSource, q: DashboardQuery, bucket: EnumType, fail: Fail) {
  const row = new GraphQLObjectType<Row, ApiContext>({
    name: q.typeName,
    fields: Object.fromEntries(
      q.columns.map((c) => [
        c.field,
        {
          type: c.nullable ? SCALAR[c.kind] : nonNull(SCALAR[c.kind] as never),
          description: c.description,
          resolve: (r: Row) => r[c.name],
        },
      ]),
    ),
  })
  const used = new Set([...dashboardSql(q.name).matchAll(/\$([a-z_]+)/g)].map((m) => m[1]))
  const all: GraphQLFieldConfigArgumentMap = {
    from: {
      type: DateTimeScalar,
      description: 'from this time on (inclusive), moved back to the start of its UTC hour',
    },
    to: {
      type: DateTimeScalar,
      description: 'before this time (exclusive), moved forward to a whole UTC hour',
    },
    model: { type: GraphQLString, description: 'model id' },
    datanet: { type: GraphQLString, description: 'datanet id' },
    bucket: { type: bucket, defaultValue: 'day' },
    limit: { type: GraphQLInt, defaultValue: DEFAULT_TOP_LIMIT, description: 'rows, 1 to 100' },
  }
  return {
    type: nonNull(new GraphQLList(nonNull(row))),
    description: `${q.title} (dashboards/${q.name}.sql)`,
    args: Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name))),
    resolve: async (_s: unknown, args: Record<string, unknown>, ctx: ApiContext) => {
      try {
        const filters = parseFilters(args)
        // The request's and its client's statement slots, as for PostgreSQL statements.
        return await ctx.statements.run(() => runDashboardQuery(source, q, filters))
      } catch (e) {
        throw fail(e)
      }
    },
  }
}

function seriesField(source: AnalyticsSource, bucket: EnumType, maxRows: number, fail: Fail) {
  const enumOf = (name: string, values: Record<string, string>) =>
    new GraphQLEnumType({
      name,
      values: Object.fromEntries(
        Object.entries(values).map(([k, description]) => [k, { value: k, description }]),
      ),
    })
  const point = new GraphQLObjectType<Row, ApiContext>({
    name: 'AnalyticsSeriesPoint',
    fields: {
      bucket: { type: nonNull(DateTimeScalar), description: 'start of the bucket (UTC)' },
      group: { type: GraphQLString, description: 'the group (null with groupBy NONE or an unknown value)' },
      value: { type: nonNull(BigIntScalar), description: 'count, or sum in wei' },
    },
  })
  return {
    type: nonNull(new GraphQLList(nonNull(point))),
    description: 'A count or sum of one fact per time bucket, optionally per group, in time order',
    args: {
      metric: { type: nonNull(enumOf('AnalyticsMetric', SERIES_METRICS)) },
      bucket: { type: bucket, defaultValue: 'day' },
      groupBy: { type: enumOf('AnalyticsGroupBy', SERIES_GROUPS), defaultValue: 'NONE' },
      from: { type: DateTimeScalar },
      to: { type: DateTimeScalar },
    },
    resolve: async (_s: unknown, args: Record<string, unknown>, ctx: ApiContext) => {
      try {
        return await ctx.statements.run(() => runSeries(source, args as never, maxRows))
      } catch (e) {
        throw fail(e)
      }
    },
  }
}
