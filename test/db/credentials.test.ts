import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureReadOnlyRole } from '../../src/api/db/ensureReadOnlyRole'
import { MIGRATIONS_LOCK_KEY } from '../../src/db/applyMigrations'
import type { DbSettings } from '../../src/db/dbSettings'
import { EmbeddedPostgresPasswordError } from '../../src/db/errors'
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from '../../src/db/startEmbeddedPostgres'
import { passwordFile } from '../../src/db/superuserPassword'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-credentials-'))
fs.chmodSync(dir, 0o777)
const dataDir = path.join(dir, 'pg')
let server: EmbeddedPostgresServer
/** Every line the server logged, across its restarts. */
const serverLog: string[] = []
const start = () => startEmbeddedPostgres({ dataDir, durable: false, onLog: (l) => serverLog.push(l) })

beforeAll(async () => {
  server = await start()
})

afterAll(async () => {
  await server?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Logs in and runs `sql`; rejects with PostgreSQL's error (28P01 for a wrong password). */
async function query(settings: DbSettings, sql: string): Promise<pg.QueryResultRow[]> {
  const c = new pg.Client(settings)
  try {
    await c.connect()
    return (await c.query(sql)).rows
  } finally {
    await c.end().catch(() => {})
  }
}

const refused = { code: '28P01' } // invalid_password

describe('embedded superuser password', () => {
  it('is random, kept next to the data dir with mode 0600, and the old constant does not log in', async () => {
    const file = passwordFile(dataDir)
    expect(file).toBe(`${dataDir}.password`)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(file, 'utf8')).toBe(`${server.settings.password}\n`)
    expect(server.settings.password).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await query(server.settings, 'SELECT current_user AS u')).toEqual([{ u: 'postgres' }])
    await expect(query({ ...server.settings, password: 'postgres' }, 'SELECT 1')).rejects.toMatchObject(
      refused,
    )
  })

  it('rotates a cluster still on the published password, and names the error when none is known', async () => {
    // A cluster from before: password 'postgres', no password file.
    await query(server.settings, "ALTER ROLE postgres PASSWORD 'postgres'")
    await server.stop()
    fs.rmSync(passwordFile(dataDir))
    server = await startEmbeddedPostgres({ dataDir, durable: false })
    expect(server.settings.password).not.toBe('postgres')
    expect(fs.readFileSync(passwordFile(dataDir), 'utf8')).toBe(`${server.settings.password}\n`)
    expect(fs.statSync(passwordFile(dataDir)).mode & 0o777).toBe(0o600)
    await expect(query({ ...server.settings, password: 'postgres' }, 'SELECT 1')).rejects.toMatchObject(
      refused,
    )
    expect(await query(server.settings, 'SELECT 1 AS one')).toEqual([{ one: 1 }])

    // A lost password file: the start stops with a named error and the server is not left running.
    await server.stop()
    const kept = fs.readFileSync(passwordFile(dataDir), 'utf8')
    fs.writeFileSync(passwordFile(dataDir), 'not-the-password\n', { mode: 0o600 })
    const err = await startEmbeddedPostgres({ dataDir, durable: false }).catch((e) => e)
    expect(err).toBeInstanceOf(EmbeddedPostgresPasswordError)
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false)
    fs.writeFileSync(passwordFile(dataDir), kept, { mode: 0o600 })
    server = await startEmbeddedPostgres({ dataDir, durable: false })
  })
})

describe('read-only API role password', () => {
  it('is random, stable across starts, independent of the admin password, and readable by the admin only', async () => {
    const admin = new pg.Pool({ ...server.settings, max: 1 })
    // pg's pool.end() resolves before its sockets close; a server stopped right after sends them
    // 57P01, which the pool re-emits as 'error' (unhandled, it fails the run).
    admin.on('error', () => {})
    try {
      // A role from before, with the password derived from the admin's.
      const derived = createHash('sha256')
        .update(`postgres:${server.settings.password}:openledger_api`)
        .digest('hex')
        .slice(0, 32)
      await admin.query(`CREATE ROLE openledger_api LOGIN PASSWORD '${derived}'`)

      const ro = await ensureReadOnlyRole(admin, server.settings)
      expect(ro.user).toBe('openledger_api')
      expect(ro.password).toMatch(/^[A-Za-z0-9_-]{43}$/)
      await expect(query({ ...ro, password: derived }, 'SELECT 1')).rejects.toMatchObject(refused)
      expect(
        await query(ro, 'SELECT current_user AS u, current_setting($$transaction_read_only$$) AS ro'),
      ).toEqual([{ u: 'openledger_api', ro: 'on' }])
      await expect(
        query(ro, 'SELECT password FROM openledger_credentials.role_password'),
      ).rejects.toMatchObject({
        code: '42501', // insufficient_privilege
      })

      // Another API instance (or a restart) gets the same password, whatever the admin's is now.
      await admin.query("ALTER ROLE postgres PASSWORD 'changed-admin-password'")
      const again = await ensureReadOnlyRole(admin, {
        ...server.settings,
        password: 'changed-admin-password',
      })
      expect(again.password).toBe(ro.password)
      expect(await query(ro, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
      await admin.query(`ALTER ROLE postgres PASSWORD '${server.settings.password}'`)
    } finally {
      await admin.end()
    }
  })

  it('waits for a migration in flight, so the tables it creates are readable by the role', async () => {
    const admin = new pg.Pool({ ...server.settings, max: 2 })
    // pg's pool.end() resolves before its sockets close; a server stopped right after sends them
    // 57P01, which the pool re-emits as 'error' (unhandled, it fails the run).
    admin.on('error', () => {})
    const migrator = await admin.connect()
    try {
      // A migration half-way: it holds the migrations lock and has created a table, not committed.
      await migrator.query('BEGIN')
      await migrator.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATIONS_LOCK_KEY])
      await migrator.query('CREATE TABLE public.made_during_role_setup (x int)')
      await migrator.query('INSERT INTO public.made_during_role_setup VALUES (7)')
      let settled = false
      const setup = ensureReadOnlyRole(admin, server.settings, 'race_reader').finally(() => {
        settled = true
      })
      await new Promise((r) => setTimeout(r, 300))
      expect(settled).toBe(false) // it waits for the migration instead of granting around it
      await migrator.query('COMMIT')
      const ro = await setup
      expect(await query(ro, 'SELECT x FROM public.made_during_role_setup')).toEqual([{ x: 7 }])
    } finally {
      migrator.release()
      await admin.end()
    }
  })
})

describe('role passwords and the server log', () => {
  it('never reach a server that logs every statement: roles get a SCRAM verifier, the API password is made by the server', async () => {
    await query(server.settings, "ALTER SYSTEM SET log_statement = 'all'")
    await query(server.settings, 'SELECT pg_reload_conf()')
    try {
      // A cluster on the published password gets a random one at start (ALTER ROLE postgres).
      await query(server.settings, "ALTER ROLE postgres PASSWORD 'postgres'")
      await server.stop()
      fs.rmSync(passwordFile(dataDir))
      const logged = serverLog.length
      server = await start()
      expect(server.settings.password).not.toBe('postgres')
      // The API's role, created (CREATE ROLE) and its password stored, then set again (ALTER ROLE).
      const admin = new pg.Pool({ ...server.settings, max: 1 })
      let ro: DbSettings
      try {
        ro = await ensureReadOnlyRole(admin, server.settings, 'openledger_api_logged')
        expect(await ensureReadOnlyRole(admin, server.settings, 'openledger_api_logged')).toEqual(ro)
      } finally {
        await admin.end()
      }
      expect(ro.password).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(await query(ro, 'SELECT current_user AS u')).toEqual([{ u: 'openledger_api_logged' }])
      const log = serverLog.slice(logged).join('\n')
      // The statements were logged, with verifiers in place of passwords.
      expect(log).toMatch(/ALTER ROLE postgres PASSWORD 'SCRAM-SHA-256\$4096:/)
      expect(log).toMatch(/CREATE ROLE "openledger_api_logged" LOGIN PASSWORD 'SCRAM-SHA-256\$4096:/)
      expect(log).toMatch(/ALTER ROLE "openledger_api_logged" LOGIN PASSWORD 'SCRAM-SHA-256\$4096:/)
      expect(log).not.toContain(server.settings.password)
      expect(log).not.toContain(ro.password)
    } finally {
      await query(server.settings, 'ALTER SYSTEM RESET log_statement')
      await query(server.settings, 'SELECT pg_reload_conf()')
    }
  })
})
