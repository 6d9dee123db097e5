import express, { type Response } from 'express'
import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
import { StatementQueueError } from '../errors'
import type { StatementGate } from '../read/createStatementGates'
import { jsonError } from '../server/httpErrors'
import { rateLimiter } from '../server/rateLimiter'
import type { AnalyticsSource } from './AnalyticsSource'
import { describeError } from './analyticsGraphQLError'
import { dashboardPage } from './dashboardPage'
import { DASHBOARD_QUERIES } from './dashboardQueries'
import { AnalyticsInputError, AnalyticsUnavailableError } from './errors'
import { parseFilters } from './parseFilters'
import { dashboardSql, runDashboardQuery } from './runDashboardQuery'
import { toCsv } from './toCsv'

const QUERY_BY_NAME = new Map(DASHBOARD_QUERIES.map((q) => [q.name, q]))

const M = tables.model.columns
const D = tables.datanet.columns

// Lists for the filter menus; a chain with more is unusual and the ids still work typed in a URL.
// DuckDB runs it over its mirror of the same tables; it is plain SQL, so PostgreSQL checks the names.
const FILTER_LISTS_SQL = handWrittenSql(
  'api.dashboardFilterLists',
  `SELECT 'model' AS list, id, name FROM (SELECT ${M.id} AS id, ${M.name} AS name FROM ${tables.model.name}
    ORDER BY length(${M.id}), ${M.id} LIMIT 500) m
  UNION ALL SELECT 'datanet', id, name FROM (SELECT ${D.id} AS id, ${D.name} AS name FROM ${tables.datanet.name}
    ORDER BY length(${D.id}), ${D.id} LIMIT 500) d`,
)

/**
 * The dashboards under `base` (mounted by `startApiServer` at `/dashboards`): the page, the
 * ECharts bundle it draws with, `filters.json` (models and datanets for the menus),
 * `data/<query>.json` and `data/<query>.csv` (a dashboard query's rows under the filters given
 * in the query string: from, to, model, datanet, bucket, limit) and `sql/<query>.sql` (its text).
 * Bad filters answer 400 BAD_USER_INPUT; a busy or slow store 503; all errors in the API's JSON shape.
 *
 * @example
 * app.use('/dashboards', dashboardRoutes(source, { base: '/dashboards', graphqlPath: '/graphql', rateLimit: false, log }))
 */
export function dashboardRoutes(
  source: AnalyticsSource,
  opts: {
    base: string
    graphqlPath: string
    rateLimit: { windowMs: number; max: number } | false
    log: (line: string) => void
    /** The statement slots of a request's client (shared with /graphql). @default none */
    gate?: (req: express.Request) => StatementGate
  },
): express.Router {
  const run = <T>(req: express.Request, fn: () => Promise<T>) => (opts.gate ? opts.gate(req).run(fn) : fn())
  const router = express.Router()
  if (opts.rateLimit !== false) router.use(rateLimiter(opts.rateLimit))
  const page = dashboardPage(opts.base, opts.graphqlPath)
  router.get('/', (_req, res) => {
    res.type('html').send(page)
  })
  router.get('/echarts.min.js', (_req, res) => {
    res.sendFile(require.resolve('echarts/dist/echarts.min.js'), { maxAge: '1d' })
  })
  router.get('/filters.json', async (req, res) => {
    try {
      const { rows } = await run(req, () => source.query(FILTER_LISTS_SQL, {}))
      const list = (kind: string) =>
        rows
          .filter((r) => r[0] === kind)
          .map((r) => ({ id: String(r[1]), name: r[2] === null ? null : String(r[2]) }))
      res.json({ models: list('model'), datanets: list('datanet') })
    } catch (e) {
      fail(res, e, opts.log)
    }
  })
  router.get('/sql/:file', (req, res) => {
    const query = QUERY_BY_NAME.get(req.params.file.replace(/\.sql$/, ''))
    if (!query || !req.params.file.endsWith('.sql')) return notFound(res)
    res.type('text/plain').send(dashboardSql(query.name))
  })
  router.get('/data/:file', async (req, res) => {
    const m = /^([a-z0-9_]+)\.(json|csv)$/.exec(req.params.file)
    const query = m && QUERY_BY_NAME.get(m[1])
    if (!m || !query) return notFound(res)
    try {
      const filters = parseFilters(req.query as Record<string, unknown>)
      const rows = await run(req, () => runDashboardQuery(source, query, filters))
      if (m[2] === 'csv')
        res.type('text/csv').attachment(`${query.name}.csv`).send(toCsv(query.columns, rows))
      else res.json({ query: query.name, columns: query.columns.map((c) => c.name), rows })
    } catch (e) {
      fail(res, e, opts.log)
    }
  })
  return router
}

const UNAVAILABLE_CODES = {
  timeout: 'QUERY_TIMEOUT',
  busy: 'TOO_MANY_STATEMENTS',
  not_ready: 'ANALYTICS_UNAVAILABLE',
} as const

function notFound(res: Response): void {
  jsonError(
    res,
    404,
    'NOT_FOUND',
    `No such dashboard; known: ${DASHBOARD_QUERIES.map((q) => q.name).join(', ')}.`,
  )
}

function fail(res: Response, e: unknown, log: (line: string) => void): void {
  if (e instanceof AnalyticsInputError) jsonError(res, 400, 'BAD_USER_INPUT', e.shortMessage)
  else if (e instanceof StatementQueueError) jsonError(res, 503, 'TOO_MANY_STATEMENTS', e.shortMessage)
  else if (e instanceof AnalyticsUnavailableError && e.reason !== 'failed')
    jsonError(res, 503, UNAVAILABLE_CODES[e.reason], e.shortMessage)
  else {
    log(`[api] dashboard query failed: ${describeError(e)}`)
    jsonError(res, 500, 'ANALYTICS_UNAVAILABLE', 'The analytics query failed; see the server log.')
  }
}
