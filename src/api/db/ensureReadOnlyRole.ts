import type pg from 'pg'
import { CAPTURE_SCHEMA } from '../../analytics/ensureChangeCapture'
import { MIGRATIONS_LOCK_KEY } from '../../db/applyMigrations'
import type { DbSettings } from '../../db/dbSettings'
import { scramVerifier } from '../../db/scramVerifier'
import { PROCESSOR_SCHEMA } from '../../db/tables/processorStatus'
import { ReadOnlyRoleError } from '../errors'

/** Role the API connects as when it can create one. */
export const API_ROLE = 'openledger_api'

/**
 * Where the role's password is kept: a schema of the admin that no other role may use (the API
 * role reads `public` and `squid_processor` only). Every API instance on the database reads the
 * same password from it, so one starting does not lock out the others' new connections.
 */
const CREDENTIALS = 'openledger_credentials'

/**
 * Creates (if missing) a LOGIN role that can only SELECT: from every table of `public`,
 * `squid_processor` and `openledger_analytics` (created empty if missing), now and (through default privileges of the admin
 * user) tables created later.
 * Its password is random (not derived from the admin's), made when first needed and kept in
 * `openledger_credentials.role_password`, which only the admin can read; a role from before (with
 * a password derived from the admin's) gets a random one at the first start. Returns the settings
 * to connect as that role.
 *
 * @throws {ReadOnlyRoleError} when the admin user cannot create roles or grant.
 * @example
 * const ro = await ensureReadOnlyRole(adminPool, adminSettings)
 * const pool = createApiPool(ro, { statementTimeoutMs: 5000 })
 */
export async function ensureReadOnlyRole(
  admin: pg.Pool,
  settings: DbSettings,
  role = API_ROLE,
): Promise<DbSettings> {
  const r = `"${role.replace(/"/g, '""')}"`
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`
  const client = await admin.connect()
  let password: string
  try {
    await client.query('BEGIN')
    // Serialise concurrent starters: CREATE ROLE races otherwise.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [role])
    // A table created by a migration still in flight would miss both the GRANT ON ALL TABLES (not
    // visible yet) and the default privileges (not committed yet when it was created): wait for it.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATIONS_LOCK_KEY])
    password = await storedPassword(client, role)
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])
    // The verifier, not the password: a server that logs statements (log_statement = 'ddl' or
    // 'all', an error's STATEMENT line) must not log it.
    const verifier = lit(scramVerifier(password))
    if (exists.rowCount === 0) await client.query(`CREATE ROLE ${r} LOGIN PASSWORD ${verifier}`)
    else await client.query(`ALTER ROLE ${r} LOGIN PASSWORD ${verifier}`)
    await client.query(`ALTER ROLE ${r} SET default_transaction_read_only = on`)
    await client.query(`GRANT CONNECT ON DATABASE ${`"${settings.database.replace(/"/g, '""')}"`} TO ${r}`)
    // typeorm-store creates squid_processor (IF NOT EXISTS) when the processor first connects; the
    // API may start first, and a schema created later would not be readable by this role.
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${PROCESSOR_SCHEMA}`)
    // The analytics sync's status (and change log: ids only) for `analyticsStatus`. Under the
    // sync's setup lock: CREATE SCHEMA IF NOT EXISTS races with the sync creating it.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CAPTURE_SCHEMA])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${CAPTURE_SCHEMA}`)
    for (const schema of ['public', PROCESSOR_SCHEMA, CAPTURE_SCHEMA]) {
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${r}`)
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${r}`)
      await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT ON TABLES TO ${r}`)
    }
    await client.query('COMMIT')
  } catch (cause) {
    await client.query('ROLLBACK').catch(() => {})
    throw new ReadOnlyRoleError(role, { cause })
  } finally {
    client.release()
  }
  return { ...settings, user: role, password }
}

// Inside the caller's transaction, under its lock: concurrent starters agree on one password.
async function storedPassword(client: pg.PoolClient, role: string): Promise<string> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${CREDENTIALS}`)
  await client.query(`REVOKE ALL ON SCHEMA ${CREDENTIALS} FROM PUBLIC`)
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${CREDENTIALS}.role_password (role name PRIMARY KEY, password text NOT NULL)`,
  )
  const { rows } = await client.query<{ password: string }>(
    `SELECT password FROM ${CREDENTIALS}.role_password WHERE role = $1`,
    [role],
  )
  if (rows[0]) return rows[0].password
  // Made by the server (32 bytes of gen_random_uuid's strong randomness, 244 of them random, as
  // base64url): sent from here, it would be a bind parameter, which log_statement = 'all' logs.
  const made = await client.query<{ password: string }>(
    `INSERT INTO ${CREDENTIALS}.role_password (role, password)
     VALUES ($1, translate(rtrim(encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '='), '+/', '-_'))
     RETURNING password`,
    [role],
  )
  return made.rows[0].password
}
