import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ApolloServer } from '@apollo/server'
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled'
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer'
import { expressMiddleware } from '@as-integrations/express5'
import cors from 'cors'
import express from 'express'
import pg from 'pg'
import type { DbSettings } from '../../db/dbSettings'
import type { AnalyticsSource } from '../analytics/AnalyticsSource'
import { analyticsFields } from '../analytics/analyticsFields'
import { dashboardRoutes } from '../analytics/dashboardRoutes'
import { createApiPool, toPgConfig } from '../db/createApiPool'
import { ensureReadOnlyRole } from '../db/ensureReadOnlyRole'
import { ApiStartError } from '../errors'
import { type ApiContext, createApiContext } from '../read/ApiContext'
import { createStatementGates } from '../read/createStatementGates'
import { defaultExtensions } from '../resolvers/defaultExtensions'
import { type ApiExtension, buildApiSchema } from '../schema/buildApiSchema'
import type { HealthProvider } from '../schema/partHealth'
import { createApiMetrics } from './apiMetrics'
import { armorProtection } from './armorProtection'
import { clientKey } from './clientKey'
import { type EvidenceServing, evidenceRoutes } from './evidenceRoutes'
import { explorerPage } from './explorerPage'
import { formatApiError } from './formatApiError'
import { healthReport } from './healthReport'
import { httpErrorHandler, jsonError } from './httpErrors'
import { inputValueLimit } from './inputValueLimit'
import { type ApiLimits, DEFAULT_LIMITS } from './limits'
import { rateLimiter } from './rateLimiter'
import { type SqlServing, sqlRoute } from './sqlRoute'

export type ApiServerOptions = {
  /** Overrides of {@link DEFAULT_LIMITS}. */
  limits?: Partial<ApiLimits>
  /** Allowed CORS origins (`true`: any, `false`: no CORS headers). @default true */
  corsOrigin?: boolean | string | string[]
  /** Per-client request budget of /graphql; `false` turns it off (benchmarks). @default 1200 per 60 s */
  rateLimit?: { windowMs: number; max: number } | false
  /** Schema introspection (the explorer page and codegen tools need it). @default true */
  introspection?: boolean
  /** Interface to listen on (`0.0.0.0` or `::` for every one). @default '127.0.0.1' */
  host?: string
  /**
   * Reverse proxies in front of the API whose X-Forwarded-For entries are believed (express's
   * `trust proxy` hop count): the client is the address the outermost of them saw. 0 ignores the
   * header, so a client cannot choose its own address for the per-client limits. @default 0
   */
  trustProxy?: number
  /** Root fields added to the generated ones. @default the explorer/audit/governance fields */
  extensions?: ApiExtension[]
  /** When given `connection`, create and use a SELECT-only role. @default true */
  readOnlyRole?: boolean
  /** Connections of the API's pool. @default 10 */
  poolSize?: number
  /** Where warnings go. @default console.warn */
  log?: (line: string) => void
  /** The parts running next to the API (`start`), for `/health` and `squidStatus.parts`. @default none */
  health?: HealthProvider
  /**
   * Serve the auditor's evidence files (`GET /audits/`, `/audits/inference-<id>.json`) and the
   * artifact store (`GET /artifacts/0x…`), read-only, so `audit verify --from` works from
   * elsewhere. Same rate limit and CORS as /graphql (own budget). @default not served
   */
  evidence?: EvidenceServing
  /**
   * The analytics store: adds `analytics { … }` to the schema and serves the dashboards page at
   * `/dashboards` (its data, CSV and SQL under it). @default neither
   */
  analytics?: AnalyticsSource
  /** Answer read-only SQL over the analytics DuckDB at `POST /sql` (see sqlRoute). @default not served */
  sql?: SqlServing
}

export type StartApiServerArgs = {
  /** A ready pool (used as is and left open on close) ... */
  pool?: pg.Pool
  /** ... or connection settings (the server opens, and closes, its own read-only pool). */
  connection?: DbSettings
  /** Text of schema.graphql. */
  schemaText: string
  /** 0 picks a free port. */
  port: number
  options?: ApiServerOptions
}

export type ApiServer = {
  url: string
  port: number
  pool: pg.Pool
  close(): Promise<void>
}

/**
 * Starts the GraphQL API over HTTP: `/graphql` (OpenReader-compatible queries plus analytics
 * fields), `/health`, `/metrics` (Prometheus), a query page at `/` and, with `evidence`, the
 * audit evidence and artifacts (`/audits/`, `/artifacts/`). Requests pass body-size,
 * rate, depth, alias, cost and row limits before any SQL runs; statements are read-only with a
 * timeout.
 *
 * @throws {SchemaModelError} when the schema cannot be served.
 * @throws {ApiStartError} when the port is taken or the database is unreachable.
 * @example
 * const api = await startApiServer({ connection: db.settings, schemaText, port: 4350 })
 * console.log(api.url) // http://127.0.0.1:4350/graphql
 * await api.close()
 */
export async function startApiServer(args: StartApiServerArgs): Promise<ApiServer> {
  const options = args.options ?? {}
  const log = options.log ?? ((l: string) => console.warn(l))
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const { schema, model } = buildApiSchema(args.schemaText, {
    extensions: [
      ...(options.extensions ?? defaultExtensions()),
      ...(options.analytics ? [analyticsFields(options.analytics, { log })] : []),
    ],
    health: options.health,
  })
  const pool = args.pool ?? (await openPool(args, options, limits, log))
  const ownsPool = !args.pool
  await warnMissingTables(
    pool,
    Object.values(model.entities).map((e) => e.table),
    log,
  )

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy || false)
  const httpServer = http.createServer(app)
  httpServer.headersTimeout = 10_000
  httpServer.requestTimeout = 30_000
  const metrics = createApiMetrics(pool)
  const armor = armorProtection(limits)
  const apollo = new ApolloServer<ApiContext>({
    schema,
    introspection: options.introspection ?? true,
    // Apollo would otherwise re-raise SIGINT/SIGTERM and end the process before the caller stops
    // the indexer, the auditor, PostgreSQL and anvil: the caller owns shutdown.
    stopOnTerminationSignals: false,
    ...armor,
    // Apollo adds stack traces unless NODE_ENV is production or test (armor turns them off too,
    // but that is its choice to change).
    includeStacktraceInErrorResponses: false,
    plugins: [
      ...armor.plugins,
      inputValueLimit(limits),
      metrics.plugin,
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are set, and the default plugin hooks every resolved field to compute them.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
    formatError: formatApiError,
  })
  await apollo.start()
  const gates = createStatementGates(limits)

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

  const host = options.host ?? '127.0.0.1'
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(args.port, host, () => resolve())
    })
  } catch (cause) {
    await apollo.stop().catch(() => {})
    if (ownsPool) await pool.end().catch(() => {})
    throw new ApiStartError(args.port, { cause })
  }
  const port = (httpServer.address() as AddressInfo).port
  let closing: Promise<void> | undefined
  return {
    url: `http://${urlHost(host)}:${port}/graphql`,
    port,
    pool,
    close() {
      closing ??= (async () => {
        await apollo.stop()
        sql?.close()
        if (ownsPool) await pool.end()
      })()
      return closing
    },
  }
}

// A wildcard address is reachable locally on loopback; an IPv6 literal needs brackets in a URL.
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

// Serving a database the migrations have not reached yet is allowed (the processor may create the
// tables later), but every query on a missing table fails, so say so once at start.
async function warnMissingTables(pool: pg.Pool, tables: string[], log: (l: string) => void): Promise<void> {
  const { rows } = await pool
    .query('SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(quote_ident(t)) IS NULL', [tables])
    .catch(() => ({ rows: [] as { t: string }[] }))
  if (rows.length)
    log(
      `[api] ${rows.length} of ${tables.length} entity tables are missing (${rows
        .slice(0, 5)
        .map((r) => r.t)
        .join(', ')}...): apply the migrations first.`,
    )
}

async function openPool(
  args: StartApiServerArgs,
  options: ApiServerOptions,
  limits: ApiLimits,
  log: (l: string) => void,
): Promise<pg.Pool> {
  if (!args.connection)
    throw new ApiStartError(args.port, { cause: new Error('pass either pool or connection') })
  let settings = args.connection
  if (options.readOnlyRole !== false) {
    // Not createApiPool: its sessions are read-only, and this one must create the role.
    const admin = new pg.Pool({ ...toPgConfig(settings), max: 1 })
    admin.on('error', () => {})
    try {
      settings = await ensureReadOnlyRole(admin, settings)
    } catch (e) {
      // Still read-only per session (default_transaction_read_only), just not per role.
      log(
        `[api] ${(e as Error).message.split('\n')[0]} Connecting as ${settings.user} with read-only sessions instead.`,
      )
    } finally {
      await admin.end().catch(() => {})
    }
  }
  const pool = createApiPool(settings, {
    statementTimeoutMs: limits.statementTimeoutMs,
    max: options.poolSize,
    onError: (e) => log(`[api] database connection error: ${e.message}`),
  })
  try {
    await pool.query('SELECT 1')
  } catch (cause) {
    await pool.end().catch(() => {})
    throw new ApiStartError(args.port, { cause })
  }
  return pool
}
