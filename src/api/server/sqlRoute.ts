import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import cors from 'cors'
import express, { type Request, type Response } from 'express'
import {
  DEFAULT_SQL_LIMITS,
  formatSqlResult,
  type LockDownOptions,
  lockDownInstance,
  runReadOnlySql,
  type SqlLimits,
  SqlQueryError,
  SqlRejectedError,
  SqlResultLimitError,
  SqlTimeoutError,
} from '../../analytics/query'
import { StatementQueueError } from '../errors'
import { createStatementGates } from '../read/createStatementGates'
import { Semaphore } from '../read/Semaphore'
import { clientKey } from './clientKey'
import { jsonError } from './httpErrors'
import { rateLimiter } from './rateLimiter'

/** What `startApiServer` needs to answer `POST /sql`. */
export type SqlServing = {
  /** The analytics DuckDB instance (the sync's own; queries get connections of their own). */
  instance: DuckDBInstance
  /** Overrides of the query limits (timeout, rows, bytes, SQL length). */
  limits?: Partial<SqlLimits>
  /** DuckDB connections for queries, so at most this many run at once. @default 4 */
  connections?: number
  /** Queries one client (IP, IPv6 /56) runs at once; its others wait. @default 2 */
  maxPerClient?: number
  /** Queries of one client that may wait; more get 429 TOO_MANY_STATEMENTS. @default 16 */
  maxQueuedPerClient?: number
  /**
   * Turn off file/network access (and, by default, configuration changes) of `instance` for good
   * (lockDownInstance) when the first query comes. On an instance shared with the sync, pass
   * `{ allowedDirectories: [`${store.path}.sync/`], lockConfiguration: false }`; `false` skips it
   * (the guard alone then refuses file access). @default {} (everything closed)
   */
  lockDown?: false | LockDownOptions
}

/**
 * `POST /sql`: one read-only query over the analytics DuckDB, body `{"sql": "..."}` (or the SQL as
 * `text/plain`), answered as JSON `{columns, rows, rowCount, elapsedMs}` or CSV (`?format=csv` or
 * `Accept: text/csv`). The query passes runReadOnlySql's guard and limits; clients share a few
 * connections through the per-client slots of the GraphQL statements (createStatementGates), so
 * one client's slow queries hold at most `maxPerClient` of them.
 *
 * @example
 * const sql = sqlRoute({ instance }, { rateLimit: false, corsOrigin: true, log: console.warn })
 * app.use(sql.router)
 * await sql.close()
 */
export function sqlRoute(
  serving: SqlServing,
  opts: {
    rateLimit: { windowMs: number; max: number } | false
    corsOrigin: boolean | string | string[]
    log: (line: string) => void
  },
): { router: express.Router; close(): void } {
  const limits: SqlLimits = { ...DEFAULT_SQL_LIMITS, ...serving.limits }
  const size = serving.connections ?? 4
  const waitMs = Math.max(limits.timeoutMs * 3, 15_000)
  const slots = new Semaphore(size, { maxWaitMs: waitMs })
  const gates = createStatementGates({
    maxStatementsPerRequest: 1,
    maxStatementsPerClient: Math.min(serving.maxPerClient ?? 2, size),
    maxQueuedStatementsPerClient: serving.maxQueuedPerClient ?? 16,
    maxStatementWaitMs: waitMs,
  })
  const idle: DuckDBConnection[] = []
  const all: DuckDBConnection[] = []
  let ready: Promise<void> | undefined
  const prepare = () => {
    ready ??= (async () => {
      const first = await serving.instance.connect()
      try {
        if (serving.lockDown !== false) await lockDownInstance(first, serving.lockDown)
      } finally {
        first.closeSync()
      }
    })().catch((err) => {
      ready = undefined // the next query tries again
      throw err
    })
    return ready
  }
  const withConnection = <T>(fn: (c: DuckDBConnection) => Promise<T>) =>
    slots.use(async () => {
      await prepare()
      const connection = idle.pop() ?? (await serving.instance.connect())
      if (!all.includes(connection)) all.push(connection)
      try {
        return await fn(connection)
      } finally {
        idle.push(connection)
      }
    })

  const router = express.Router()
  router.use(
    '/sql',
    ...(opts.rateLimit === false ? [] : [rateLimiter(opts.rateLimit)]),
    ...(opts.corsOrigin === false ? [] : [cors({ origin: opts.corsOrigin, methods: ['POST'] })]),
  )
  router.all('/sql', (req, res, next) => {
    if (req.method === 'POST' || req.method === 'OPTIONS') return next()
    res.set('Allow', 'POST')
    jsonError(res, 405, 'METHOD_NOT_ALLOWED', 'POST a query: {"sql": "SELECT ..."}.')
  })
  router.post(
    '/sql',
    express.json({ limit: limits.maxSqlBytes * 2 + 1024 }),
    express.text({ type: ['text/plain', 'application/sql'], limit: limits.maxSqlBytes + 1024 }),
    async (req, res) => {
      const sql = typeof req.body === 'string' ? req.body : (req.body as { sql?: unknown } | undefined)?.sql
      if (typeof sql !== 'string')
        return jsonError(
          res,
          400,
          'BAD_REQUEST',
          'Send {"sql": "SELECT ..."} as JSON or the SQL as text/plain.',
        )
      const format = answerFormat(req)
      if (!format)
        return jsonError(res, 406, 'NOT_ACCEPTABLE', 'Answers are JSON or CSV (format=json|csv, or Accept).')
      try {
        const result = await gates
          .forRequest(clientKey(req))
          .run(() => withConnection((c) => runReadOnlySql(c, sql, limits)))
        if (format === 'csv') res.type('text/csv; charset=utf-8').send(formatSqlResult(result, 'csv'))
        else
          res.json({
            columns: result.columns,
            rows: result.rows,
            rowCount: result.rows.length,
            elapsedMs: Math.round(result.elapsedMs),
          })
      } catch (err) {
        sendSqlError(res, err, opts.log)
      }
    },
  )
  return {
    router,
    close() {
      for (const c of all) c.closeSync()
      all.length = 0
      idle.length = 0
    },
  }
}

function answerFormat(req: Request): 'json' | 'csv' | undefined {
  const asked = req.query.format
  if (asked !== undefined) return asked === 'csv' || asked === 'json' ? asked : undefined
  const accepted = req.accepts(['json', 'text/csv'])
  if (accepted === 'text/csv') return 'csv'
  return accepted === 'json' ? 'json' : undefined
}

function sendSqlError(res: Response, err: unknown, log: (line: string) => void): void {
  const known: [number, string] | undefined =
    err instanceof SqlRejectedError || err instanceof SqlQueryError
      ? [400, err.code]
      : err instanceof SqlResultLimitError
        ? [413, err.code]
        : err instanceof SqlTimeoutError
          ? [504, err.code]
          : err instanceof StatementQueueError
            ? [429, 'TOO_MANY_STATEMENTS']
            : undefined
  if (known) {
    jsonError(res, known[0], known[1], (err as SqlQueryError).shortMessage)
    return
  }
  log(`[api] /sql failed: ${(err as Error)?.stack ?? String(err)}`)
  jsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.')
}
