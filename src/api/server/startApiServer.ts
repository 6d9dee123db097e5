import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import type pg from 'pg'
import type { DbSettings } from '../../db/dbSettings'
import { analyticsFields } from '../analytics/analyticsFields'
import { ApiStartError } from '../errors'
import { createStatementGates } from '../read/createStatementGates'
import { defaultExtensions } from '../resolvers/defaultExtensions'
import { buildApiSchema } from '../schema/buildApiSchema'
import { createApiMetrics } from './apiMetrics'
import type { ApiServerOptions } from './apiServerOptions'
import { createApolloServer } from './createApolloServer'
import { type ApiLimits, DEFAULT_LIMITS } from './limits'
import { mountApiRoutes } from './mountApiRoutes'
import { openApiPool } from './openApiPool'

export type { ApiServerOptions } from './apiServerOptions'

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
  const apollo = createApolloServer(schema, {
    limits,
    metrics,
    httpServer,
    introspection: options.introspection ?? true,
  })
  await apollo.start()
  const gates = createStatementGates(limits)
  const routes = mountApiRoutes(app, { apollo, pool, model, limits, gates, metrics, options, log })

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
        routes.close()
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
  if (!args.connection) throw new ApiStartError(args.port, { details: 'pass either pool or connection' })
  return openApiPool(args.connection, {
    port: args.port,
    limits,
    readOnlyRole: options.readOnlyRole,
    poolSize: options.poolSize,
    log,
  })
}
