import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { DbSettings } from '../../db/dbSettings'
import { ReadOnlyRoleError } from '../errors'

/** Role the API connects as when it can create one. */
export const API_ROLE = 'openledger_api'

/**
 * Creates (if missing) a LOGIN role that can only SELECT: from every table of `public` and
 * `squid_processor` (created empty if missing), now and (through default privileges of the admin
 * user) tables created later.
 * Its password is derived from the admin's, so every API instance computes the same one and none
 * is stored. Returns the settings to connect as that role.
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
  const password = createHash('sha256')
    .update(`${settings.user}:${settings.password}:${role}`)
    .digest('hex')
    .slice(0, 32)
  const r = `"${role.replace(/"/g, '""')}"`
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`
  const client = await admin.connect()
  try {
    await client.query('BEGIN')
    // Serialise concurrent starters: CREATE ROLE races otherwise.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [role])
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])
    if (exists.rowCount === 0) await client.query(`CREATE ROLE ${r} LOGIN PASSWORD ${lit(password)}`)
    else await client.query(`ALTER ROLE ${r} LOGIN PASSWORD ${lit(password)}`)
    await client.query(`ALTER ROLE ${r} SET default_transaction_read_only = on`)
    await client.query(`GRANT CONNECT ON DATABASE ${`"${settings.database.replace(/"/g, '""')}"`} TO ${r}`)
    // typeorm-store creates squid_processor (IF NOT EXISTS) when the processor first connects; the
    // API may start first, and a schema created later would not be readable by this role.
    await client.query('CREATE SCHEMA IF NOT EXISTS squid_processor')
    for (const schema of ['public', 'squid_processor']) {
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
