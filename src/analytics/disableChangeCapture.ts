import type pg from 'pg'
import { CAPTURE_SCHEMA, TRIGGER_PREFIX } from './ensureChangeCapture'
import { ident, literal } from './sqlNames'

/** What {@link disableChangeCapture} removed. */
export type DisableResult = {
  /** Tables whose change-capture triggers were dropped. */
  tables: number
  /** Change-log rows dropped unapplied. */
  changes: number
}

/**
 * Turns the analytics off in PostgreSQL, so the indexer pays nothing for it: drops the
 * change-capture triggers of every table and the change log, the capture epoch and the sync
 * status, and leaves only the marker `openledger_analytics.disabled`. While it is there, a sync
 * round (`start`'s analytics part, `analytics sync`) stops with {@link AnalyticsDisabledError}
 * and installs nothing; {@link enableChangeCapture} removes it, and the next round rebuilds the
 * store from scratch (changes in between were never logged). One transaction: a failure changes
 * nothing.
 *
 * @example
 * const { tables, changes } = await disableChangeCapture(client)
 */
export async function disableChangeCapture(client: pg.ClientBase): Promise<DisableResult> {
  await client.query('BEGIN')
  try {
    // Same lock as ensureChangeCapture: a round installing triggers waits, or is waited for.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(${literal(CAPTURE_SCHEMA)}))`)
    const triggers = await client.query<{ tbl: string; tgname: string }>(
      `SELECT c.relname AS tbl, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND t.tgname LIKE '${TRIGGER_PREFIX}%'`,
    )
    for (const t of triggers.rows)
      await client.query(`DROP TRIGGER ${ident(t.tgname)} ON public.${ident(t.tbl)}`)
    const hasLog = await client.query<{ ok: boolean }>(
      `SELECT to_regclass('${CAPTURE_SCHEMA}.change') IS NOT NULL AS ok`,
    )
    const changes = hasLog.rows[0]?.ok
      ? Number(
          (await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${CAPTURE_SCHEMA}.change`))
            .rows[0]?.n,
        )
      : 0
    await client.query(`DROP SCHEMA IF EXISTS ${CAPTURE_SCHEMA} CASCADE`)
    await client.query(`CREATE SCHEMA ${CAPTURE_SCHEMA}`)
    await client.query(
      `CREATE TABLE ${CAPTURE_SCHEMA}.disabled (one boolean PRIMARY KEY DEFAULT true CHECK (one), at timestamptz NOT NULL DEFAULT now())`,
    )
    await client.query(`INSERT INTO ${CAPTURE_SCHEMA}.disabled DEFAULT VALUES`)
    await client.query('COMMIT')
    return { tables: new Set(triggers.rows.map((t) => t.tbl)).size, changes }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  }
}

/**
 * Undoes {@link disableChangeCapture}: removes the marker; the next sync round installs the
 * triggers again and rebuilds the store. Returns whether the analytics were disabled.
 *
 * @example
 * await enableChangeCapture(client) // true
 */
export async function enableChangeCapture(client: pg.ClientBase): Promise<boolean> {
  const r = await client.query<{ was: boolean }>(
    `SELECT to_regclass('${CAPTURE_SCHEMA}.disabled') IS NOT NULL AS was`,
  )
  await client.query(`DROP TABLE IF EXISTS ${CAPTURE_SCHEMA}.disabled`)
  return r.rows[0]?.was === true
}
