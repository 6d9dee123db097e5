import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { applyMigrations } from '../../src/db/applyMigrations'
import { dbSettingsFromUrl, dbSettingsToUrl } from '../../src/db/dbSettings'
import { startDatabase } from '../../src/db/startDatabase'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-db-'))
fs.chmodSync(dir, 0o777)

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

async function count(settings: pg.ClientConfig, sql: string): Promise<number> {
  const c = new pg.Client(settings)
  await c.connect()
  try {
    return Number((await c.query(sql)).rows[0].n)
  } finally {
    await c.end()
  }
}

describe('database lifecycle', () => {
  it('starts embedded PostgreSQL, migrates, stops, and restarts idempotently on the same data dir', async () => {
    const config = { kind: 'embedded' as const, dataDir: path.join(dir, 'pg') }
    let db = await startDatabase(config, { durable: false })
    expect(await applyMigrations(db.settings)).toHaveLength(
      fs.readdirSync('db/migrations').filter((f) => f.endsWith('.js')).length,
    )
    const c = new pg.Client(db.settings)
    await c.connect()
    await c.query(
      `INSERT INTO stake_config (id, created_at_block, updated_at_block, update_count) VALUES ('1', 1, 1, 0)`,
    )
    await c.end()
    await db.stop()
    await db.stop() // safe twice

    db = await startDatabase(config, { durable: false })
    try {
      expect(await applyMigrations(db.settings)).toEqual([])
      expect(await count(db.settings, 'SELECT count(*) AS n FROM stake_config')).toBe(1)
    } finally {
      await db.stop()
    }
  })

  it('initialises the embedded cluster with the builtin C.UTF-8 locale, whatever the host locale', async () => {
    // As in a container without a UTF-8 locale, where libc would give "C" (ASCII-only case folding).
    const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL, LC_CTYPE: process.env.LC_CTYPE }
    for (const k of Object.keys(saved)) delete process.env[k]
    let db: Awaited<ReturnType<typeof startDatabase>>
    try {
      db = await startDatabase({ kind: 'embedded', dataDir: path.join(dir, 'locale') }, { durable: false })
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v
    }
    const c = new pg.Client(db.settings)
    await c.connect()
    try {
      const { rows } = await c.query(
        `SELECT datlocprovider AS provider, datlocale AS locale,
                'Écrit' ILIKE 'écrit' AS ilike, lower('ÉCRIT') AS lower,
                ARRAY(SELECT x FROM unnest(ARRAY['b', 'é', 'A', 'e', 'a', 'B']) x ORDER BY x) AS sorted
           FROM pg_database WHERE datname = current_database()`,
      )
      expect(rows[0]).toEqual({
        provider: 'b',
        locale: 'C.UTF-8',
        ilike: true,
        lower: 'écrit',
        sorted: ['A', 'B', 'a', 'b', 'e', 'é'],
      })
    } finally {
      await c.end()
      await db.stop()
    }
  })

  it('uses an external URL as given', async () => {
    const url = 'postgres://u%40x:p%3Aw@db.example:6543/squid'
    const db = await startDatabase({ kind: 'external', url })
    expect(db.settings).toEqual({
      host: 'db.example',
      port: 6543,
      database: 'squid',
      user: 'u@x',
      password: 'p:w',
    })
    expect(dbSettingsFromUrl(dbSettingsToUrl(db.settings))).toEqual(db.settings)
    await db.stop()
  })
})
