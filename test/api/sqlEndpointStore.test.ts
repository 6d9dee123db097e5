import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnalyticsStore, openAnalyticsStore, syncAnalytics } from '../../src/analytics'
import { type ApiServer, startApiServer } from '../../src/api'
import { postFrom } from './clientRequest'
import { FIXTURE_SCHEMA, type FixtureApi, startFixtureApi } from './fixtureApi'

// The configuration `start` runs: one DuckDB instance for the sync and POST /sql, locked down
// except for the sync's staging directory, syncing again after queries were served.
let f: FixtureApi
let dir: string
let store: AnalyticsStore
let sqlUrl: string
let api: ApiServer

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-store-'))
  fs.writeFileSync(path.join(dir, 'secret.csv'), 'a\ntop-secret\n')
  f = await startFixtureApi()
  store = await openAnalyticsStore(path.join(dir, 'analytics.duckdb'))
  await syncAnalytics(store, f.db.admin)
  api = await startApiServer({
    connection: f.db.settings,
    schemaText: FIXTURE_SCHEMA,
    port: 0,
    options: {
      rateLimit: false,
      log: () => {},
      sql: {
        instance: store.instance,
        lockDown: { allowedDirectories: [`${store.path}.sync/`], lockConfiguration: false },
      },
    },
  })
  sqlUrl = api.url.replace(/\/graphql$/, '/sql')
}, 120_000)

afterAll(async () => {
  await api?.close()
  await f?.stop()
  store?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const ask = (sql: string) => postFrom(sqlUrl, { sql })

describe('POST /sql over the synced analytics store', () => {
  it('answers from the mirrored tables, refuses files, and the sync still runs after the lock-down', async () => {
    const pgCount = Number((await f.db.admin.query('SELECT count(*) AS n FROM item')).rows[0].n)
    const first = await ask('SELECT count(*) AS n FROM item')
    expect([first.status, first.body.rows]).toEqual([200, [[String(pgCount)]]])

    const file = await ask(`SELECT * FROM read_csv('${dir}/secret.csv')`)
    expect([file.status, file.body.errors[0].extensions.code]).toEqual([400, 'FORBIDDEN_FUNCTION'])
    // The second wall: the shared instance itself now refuses files outside the staging directory.
    await expect(store.connection.run(`SELECT * FROM read_csv('${dir}/secret.csv')`)).rejects.toThrow(
      /disabled by configuration/,
    )

    // New rows in PostgreSQL reach the store through the staging directory, and the next query sees them.
    const { rows } = await f.db.admin.query('SELECT * FROM item LIMIT 1')
    await f.db.admin.query(
      `INSERT INTO item SELECT 'sql-store-' || g, ${Object.keys(rows[0])
        .slice(1)
        .map((c) => `"${c}"`)
        .join(', ')} FROM item, generate_series(1, 3) g WHERE item.id = $1`,
      [rows[0].id],
    )
    const round = await syncAnalytics(store, f.db.admin)
    expect(round.mode).toBe('incremental')
    const after = await ask("SELECT count(*) AS n FROM item WHERE id LIKE 'sql-store-%'")
    expect([after.status, after.body.rows]).toEqual([200, [['3']]])
  })
})
