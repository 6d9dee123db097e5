import type { ApiServer, ApiServerOptions } from '../api/server/startApiServer'
import { startApiServer } from '../api/server/startApiServer'
import type { Config } from '../config'
import { startDatabase } from '../db'
import { untilAborted } from '../util/untilAborted'
import { openServedAnalytics } from './openServedAnalytics'

export type RunServeOptions = {
  config: Pick<Config, 'database' | 'gqlPort'>
  /** Text of the schema served (schema.graphql). */
  schemaText: string
  /** The API's options (host, limits, CORS, evidence…). */
  api: ApiServerOptions
  /**
   * The DuckDB analytics store, opened read-only for /dashboards, `analytics { … }` and POST /sql;
   * when it cannot be opened (a running `start` holds it) the API serves without them.
   * @default none: no analytics
   */
  analyticsPath?: string
  /** Called once the API listens; it then serves until `signal`. */
  onServing?: (api: ApiServer) => void
  /** Ctrl-C: a database still starting is stopped once it is up; then the API closes and the database stops. */
  signal: AbortSignal
}

/**
 * `openledger serve`: the database of `config.database` (the embedded one started, an external one
 * connected to), the GraphQL API over it until `signal` aborts, then the API closed and the database
 * stopped, in that order (the database also when the API fails to start).
 *
 * @throws {ApiStartError} the port is taken or the database does not answer.
 * @example
 * await runServe({ config, schemaText, api: { host: '0.0.0.0' }, signal: shutdownSignal(),
 *   onServing: (api) => console.log(api.url) })
 */
export async function runServe(opts: RunServeOptions): Promise<void> {
  const { config, signal } = opts
  const db = await startDatabase(config.database)
  const analytics = opts.analyticsPath ? await openServedAnalytics(opts.analyticsPath) : undefined
  try {
    const api = await startApiServer({
      connection: db.settings,
      schemaText: opts.schemaText,
      port: config.gqlPort,
      options: { ...opts.api, analytics: analytics?.source, sql: analytics?.sql },
    })
    opts.onServing?.(api)
    await untilAborted(signal)
    await api.close()
  } finally {
    analytics?.close()
    await db.stop()
  }
}
