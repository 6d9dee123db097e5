import { DatabaseUrlError } from './errors'

/** How to reach one PostgreSQL database: what TypeORM, pg and Subsquid's tools need. */
export type DbSettings = {
  host: string
  port: number
  database: string
  user: string
  password: string
}

/**
 * Parses a postgres:// URL into {@link DbSettings}.
 *
 * @throws {DatabaseUrlError} when the URL is not postgres:// or has no host.
 * @example
 * dbSettingsFromUrl('postgres://u:p@db:5432/squid') // { host: 'db', port: 5432, database: 'squid', user: 'u', password: 'p' }
 */
export function dbSettingsFromUrl(url: string): DbSettings {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new DatabaseUrlError(url)
  }
  if (!['postgres:', 'postgresql:'].includes(u.protocol) || !u.hostname) throw new DatabaseUrlError(url)
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password),
  }
}

/**
 * Formats settings as a postgres:// URL (password included: do not log it).
 *
 * @example
 * dbSettingsToUrl({ host: '127.0.0.1', port: 5432, database: 'squid', user: 'postgres', password: 'pw' })
 */
export function dbSettingsToUrl(s: DbSettings): string {
  const auth = `${encodeURIComponent(s.user)}${s.password ? `:${encodeURIComponent(s.password)}` : ''}`
  return `postgres://${auth}@${s.host}:${s.port}/${encodeURIComponent(s.database)}`
}

/**
 * The `DB_*` variables Subsquid's own tools (squid-typeorm-migration, graphql-server) read, for a
 * child process's environment. Never assigned to this process's `process.env`.
 *
 * @example
 * spawn('npx', ['squid-typeorm-migration', 'apply'], { env: { ...process.env, ...dbSettingsToEnv(s) } })
 */
export function dbSettingsToEnv(s: DbSettings): Record<string, string> {
  return {
    DB_HOST: s.host,
    DB_PORT: String(s.port),
    DB_NAME: s.database,
    DB_USER: s.user,
    DB_PASS: s.password,
  }
}
