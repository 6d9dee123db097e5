import type pg from 'pg'
import type { HealthProvider, PartHealth } from '../schema/partHealth'
import { publicPartHealth } from '../schema/publicPartHealth'

/** The JSON body of `GET /health` and its HTTP status. */
export type HealthReport = {
  httpStatus: 200 | 503
  body: {
    /** `degraded`: the API serves what is indexed, but a part next to it is restarting or down. */
    status: 'ok' | 'degraded' | 'unavailable'
    reason?: string
    /** Only when the API runs next to supervised parts (`start`). */
    parts?: PartHealth[]
  }
}

/**
 * What `/health` answers: 503 when the database does not answer (nothing can be served), else
 * 200 — `ok`, or `degraded` with the parts that are not running, since the API still serves what
 * is indexed and a load balancer should keep sending it queries. A part's `lastError` is only its
 * error class name ({@link publicPartHealth}); the full reason is in the log.
 *
 * @example
 * const { httpStatus, body } = await healthReport(pool, () => supervisor.health())
 * res.status(httpStatus).json(body)
 */
export async function healthReport(
  pool: Pick<pg.Pool, 'query'>,
  health?: HealthProvider,
): Promise<HealthReport> {
  const all = health?.()
  const parts = all && publicPartHealth(all)
  const withParts = parts ? { parts } : {}
  try {
    await pool.query('SELECT 1')
  } catch {
    return {
      httpStatus: 503,
      body: { status: 'unavailable', reason: 'database not reachable', ...withParts },
    }
  }
  const troubled = (parts ?? []).filter((p) => p.state !== 'running')
  if (troubled.length === 0) return { httpStatus: 200, body: { status: 'ok', ...withParts } }
  return {
    httpStatus: 200,
    body: {
      status: 'degraded',
      reason: troubled.map((p) => `${p.name} ${p.state}`).join(', '),
      ...withParts,
    },
  }
}
