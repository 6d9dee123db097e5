import type { ApolloServer } from '@apollo/server'
import { expressMiddleware } from '@as-integrations/express5'
import cors from 'cors'
import express from 'express'
import type pg from 'pg'
import { dashboardRoutes } from '../analytics/dashboardRoutes'
import type { Model } from '../model'
import { type ApiContext, createApiContext } from '../read/ApiContext'
import type { StatementGates } from '../read/createStatementGates'
import type { ApiMetrics } from './apiMetrics'
import type { ApiServerOptions } from './apiServerOptions'
import { clientKey } from './clientKey'
import { evidenceRoutes } from './evidenceRoutes'
import { explorerPage } from './explorerPage'
import { healthReport } from './healthReport'
import { httpErrorHandler, jsonError } from './httpErrors'
import type { ApiLimits } from './limits'
import { rateLimiter } from './rateLimiter'
import { sqlRoute } from './sqlRoute'

/**
 * Mounts every route of the API on `app`, in the order requests must meet them: metrics counting
 * first, the query page, `/health`, `/metrics`, the optional evidence, dashboards and SQL routes,
 * then `/graphql` behind its rate limit, CORS and body-size limit, and last a JSON 404 and the
 * error handler. Returns what must be closed with the server (the SQL route's connections).
 *
 * @example
 * const routes = mountApiRoutes(app, { apollo, pool, model, limits, gates, metrics, options, log })
 * // on close: routes.close()
 */
export function mountApiRoutes(
  app: express.Express,
  deps: {
    apollo: ApolloServer<ApiContext>
    pool: pg.Pool
    model: Model
    limits: ApiLimits
    gates: StatementGates
    metrics: ApiMetrics
    options: ApiServerOptions
    log: (line: string) => void
  },
): { close(): void } {
  const { apollo, pool, model, limits, gates, metrics, options, log } = deps
  app.use((_req, res, next) => {
    res.on('finish', () => metrics.httpRequests.inc({ status: String(res.statusCode) }))
    next()
  })
  const dashboards = options.analytics ? '/dashboards' : undefined
  app.get('/', (_req, res) => {
    res.type('html').send(explorerPage('/graphql', dashboards))
  })
  app.get('/health', async (_req, res) => {
    const { httpStatus, body } = await healthReport(pool, options.health)
    res.status(httpStatus).json(body)
  })
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics())
  })
  const corsOrigin = options.corsOrigin ?? true
  const rateLimit = options.rateLimit ?? { windowMs: 60_000, max: 1200 }
  if (options.evidence) app.use(evidenceRoutes(options.evidence, { rateLimit, corsOrigin, log }))
  if (options.analytics)
    app.use(
      '/dashboards',
      dashboardRoutes(options.analytics, {
        base: '/dashboards',
        graphqlPath: '/graphql',
        rateLimit,
        log,
        gate: (req) => gates.forRequest(clientKey(req)),
      }),
    )
  const sql = options.sql && sqlRoute(options.sql, { rateLimit, corsOrigin, log })
  if (sql) app.use(sql.router)
  app.use(
    '/graphql',
    ...(rateLimit === false ? [] : [rateLimiter(rateLimit)]),
    ...(corsOrigin === false ? [] : [cors({ origin: corsOrigin })]),
    (req, res, next) => {
      // Browsers opening the endpoint get the query page instead of a CSRF error.
      if (req.method === 'GET' && !req.query.query && req.accepts(['json', 'html']) === 'html')
        res.type('html').send(explorerPage('/graphql', dashboards))
      else next()
    },
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createApiContext(pool, model, limits, gates.forRequest(clientKey(req))),
    }),
  )
  app.use((_req, res) => jsonError(res, 404, 'NOT_FOUND', 'Not found: the API answers at /graphql.'))
  app.use(httpErrorHandler(log))
  return { close: () => sql?.close() }
}
