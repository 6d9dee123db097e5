import type pg from 'pg'
import { AnalyticsDisabledError } from './errors'
import type { MirroredTable } from './mirroredTables'
import { ident, literal } from './sqlNames'

/** PostgreSQL schema of the change log, the capture epoch and the sync status. */
export const CAPTURE_SCHEMA = 'openledger_analytics'

/** Name prefix of the change-capture triggers on the mirrored tables. */
export const TRIGGER_PREFIX = 'openledger_analytics_'

// One INSERT … SELECT per statement (transition tables), not one per row: the indexer writes a
// batch with one COPY or upsert per table, so each of those costs one extra insert here.
const SETUP = `
CREATE SCHEMA IF NOT EXISTS ${CAPTURE_SCHEMA};
CREATE TABLE IF NOT EXISTS ${CAPTURE_SCHEMA}.change (
  seq bigserial PRIMARY KEY,
  tbl text NOT NULL,
  id text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${CAPTURE_SCHEMA}.capture (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  epoch uuid NOT NULL,
  consumer text
);
CREATE TABLE IF NOT EXISTS ${CAPTURE_SCHEMA}.sync_status (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  height integer,
  synced_at timestamptz NOT NULL,
  rows_applied bigint NOT NULL,
  overflow_values bigint NOT NULL
);
CREATE OR REPLACE FUNCTION ${CAPTURE_SCHEMA}.log_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ${CAPTURE_SCHEMA}.change (tbl, id) SELECT TG_TABLE_NAME, n.id FROM new_rows n;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION ${CAPTURE_SCHEMA}.log_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ${CAPTURE_SCHEMA}.change (tbl, id) SELECT TG_TABLE_NAME, o.id FROM old_rows o;
  RETURN NULL;
END $$;
`

/**
 * Makes PostgreSQL record every change to the mirrored tables: statement-level AFTER triggers
 * with transition tables append `(table, id)` to `openledger_analytics.change` (bigserial `seq`)
 * in the writer's own transaction, so a rolled-back batch records nothing and Subsquid's hot-block
 * rollback (plain DELETE/UPDATE/INSERT) is recorded like any write. Idempotent; a table that gets
 * its triggers only now (new table, or triggers dropped) renews the capture epoch, which makes the
 * next sync rebuild from scratch: changes before the trigger were never logged.
 *
 * @returns the capture epoch (a DuckDB store synced under another epoch is rebuilt).
 * @throws {AnalyticsDisabledError} while `analytics disable` is in force (installs nothing).
 * @example
 * const epoch = await ensureChangeCapture(client, await readMirroredTables(client))
 */
export async function ensureChangeCapture(client: pg.ClientBase, tables: MirroredTable[]): Promise<string> {
  const read = async () => {
    const { rows } = await client.query<{ tbl: string }>(
      `SELECT c.relname AS tbl FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND t.tgname LIKE '${TRIGGER_PREFIX}%' AND t.tgenabled = 'A'
       GROUP BY c.relname HAVING count(*) = 3`,
    )
    const epoch = await client
      .query<{ epoch: string }>(`SELECT epoch::text FROM ${CAPTURE_SCHEMA}.capture`)
      .then((r) => r.rows[0]?.epoch)
      .catch(() => undefined)
    return { captured: new Set(rows.map((r) => r.tbl)), epoch }
  }
  const off = await client.query<{ off: boolean }>(
    `SELECT to_regclass('${CAPTURE_SCHEMA}.disabled') IS NOT NULL AS off`,
  )
  if (off.rows[0]?.off) throw new AnalyticsDisabledError()
  const seen = await read()
  if (seen.epoch && tables.every((t) => seen.captured.has(t.name))) return seen.epoch
  await client.query('BEGIN')
  try {
    // Serialises concurrent setups (two syncs starting at once).
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(${literal(CAPTURE_SCHEMA)}))`)
    await client.query(SETUP)
    const now = await read()
    const missing = tables.filter((t) => !now.captured.has(t.name))
    for (const t of missing) {
      const name = ident(t.name)
      for (const [op, event, ref] of [
        ['ins', 'INSERT', 'NEW TABLE AS new_rows'],
        ['upd', 'UPDATE', 'NEW TABLE AS new_rows'],
        ['del', 'DELETE', 'OLD TABLE AS old_rows'],
      ]) {
        const fn = op === 'del' ? 'log_old' : 'log_new'
        await client.query(`DROP TRIGGER IF EXISTS ${TRIGGER_PREFIX}${op} ON ${name}`)
        await client.query(
          `CREATE TRIGGER ${TRIGGER_PREFIX}${op} AFTER ${event} ON ${name} REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION ${CAPTURE_SCHEMA}.${fn}()`,
        )
        // ALWAYS: the indexer writes with session_replication_role = replica (its batched key
        // check replaces the per-row foreign-key triggers), which skips ordinary triggers.
        await client.query(`ALTER TABLE ${name} ENABLE ALWAYS TRIGGER ${TRIGGER_PREFIX}${op}`)
      }
    }
    const epoch =
      missing.length > 0 || !now.epoch
        ? (
            await client.query<{ epoch: string }>(
              `INSERT INTO ${CAPTURE_SCHEMA}.capture (epoch) VALUES (gen_random_uuid())
               ON CONFLICT (one) DO UPDATE SET epoch = EXCLUDED.epoch RETURNING epoch::text`,
            )
          ).rows[0].epoch
        : now.epoch
    await client.query('COMMIT')
    return epoch
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  }
}
