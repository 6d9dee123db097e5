import pg from 'pg'
import type { DbSettings } from '../../db/dbSettings'
import { createApiPool, toPgConfig } from '../db/createApiPool'
import { ensureReadOnlyRole } from '../db/ensureReadOnlyRole'
import { ApiStartError } from '../errors'
import type { ApiLimits } from './limits'

/**
 * The API's own pool over `connection`: as a SELECT-only role when `readOnlyRole` is not false
 * (created with a short-lived admin pool; when the admin user cannot, every session is still
 * read-only), with the statement timeout of `limits`, and checked with one query so a database
 * that is down fails the start rather than the first request.
 *
 * @throws {ApiStartError} when the database does not answer.
 * @example
 * const pool = await openApiPool(db.settings, { port: 4350, limits: DEFAULT_LIMITS, log: console.warn })
 */
export async function openApiPool(
  connection: DbSettings,
  opts: {
    /** Named in the error when the database does not answer. */
    port: number
    limits: ApiLimits
    readOnlyRole?: boolean
    poolSize?: number
    log: (line: string) => void
  },
): Promise<pg.Pool> {
  const { log } = opts
  let settings = connection
  if (opts.readOnlyRole !== false) {
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
    statementTimeoutMs: opts.limits.statementTimeoutMs,
    max: opts.poolSize,
    onError: (e) => log(`[api] database connection error: ${e.message}`),
  })
  try {
    await pool.query('SELECT 1')
  } catch (cause) {
    await pool.end().catch(() => {})
    throw new ApiStartError(opts.port, { cause })
  }
  return pool
}
