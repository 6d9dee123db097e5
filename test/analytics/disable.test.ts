import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AnalyticsDisabledError,
  CAPTURE_SCHEMA,
  disableChangeCapture,
  enableChangeCapture,
  openAnalyticsStore,
  queryAnalytics,
  syncAnalytics,
} from '../../src/analytics'
import { setAnalyticsCapture } from '../../src/stack/setAnalyticsCapture'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'

let db: TestDatabase
let pool: pg.Pool

beforeAll(async () => {
  db = await setupDatabase()
  await db.query('CREATE TABLE thing (id text PRIMARY KEY, amount numeric NOT NULL)')
  pool = new pg.Pool({ ...db.settings, max: 2 })
  // A connection the pool drops (a refused round releases its client as broken) must not surface
  // as an uncaught 'error' event: what a test checks is each call's own result.
  pool.on('error', () => {})
}, 120_000)

afterAll(async () => {
  await pool?.end()
  await db?.stop()
})

const triggers = async () =>
  Number(
    (
      await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pg_trigger WHERE tgname LIKE 'openledger_analytics_%'`,
      )
    )[0]?.n,
  )
const logged = async () =>
  Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${CAPTURE_SCHEMA}.change`))[0]?.n)

describe('analytics disable / enable', () => {
  it('drops the triggers and the change log, refuses to sync while disabled, and rebuilds once enabled', async () => {
    const store = await openAnalyticsStore(':memory:')
    try {
      await db.query(`INSERT INTO thing VALUES ('1', 10)`)
      expect((await syncAnalytics(store, pool)).mode).toBe('full')
      expect(await triggers()).toBe(3)
      await db.query(`INSERT INTO thing VALUES ('2', 20)`)
      expect(await logged()).toBe(1)

      const client = await pool.connect()
      try {
        expect(await disableChangeCapture(client)).toEqual({ tables: 1, changes: 1 })
      } finally {
        client.release()
      }
      expect(await triggers()).toBe(0)
      const left = await db.query<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '${CAPTURE_SCHEMA}'`,
      )
      expect(left.map((r) => r.t)).toEqual(['disabled'])

      // Writes cost nothing more and no round reinstalls the capture.
      await db.query(`INSERT INTO thing VALUES ('3', 30)`)
      await expect(syncAnalytics(store, pool)).rejects.toBeInstanceOf(AnalyticsDisabledError)
      expect(await triggers()).toBe(0)
      expect((await queryAnalytics(store, 'SELECT count(*) AS n FROM thing')).rows).toEqual([['1']])

      const client2 = await pool.connect()
      try {
        expect(await enableChangeCapture(client2)).toBe(true)
        expect(await enableChangeCapture(client2)).toBe(false)
      } finally {
        client2.release()
      }
      const back = await syncAnalytics(store, pool)
      expect(back.mode).toBe('full')
      expect(await triggers()).toBe(3)
      expect(
        (await queryAnalytics(store, 'SELECT id, CAST(amount AS VARCHAR) FROM thing ORDER BY id')).rows,
      ).toEqual([
        ['1', '10'],
        ['2', '20'],
        ['3', '30'],
      ])
    } finally {
      store.close()
    }
  })
})

describe('setAnalyticsCapture (the flow behind `analytics disable|enable`)', () => {
  it('disables and enables through the configured database, and says whether it was disabled', async () => {
    const s = db.settings
    const url = `postgres://${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}@${s.host}:${s.port}/${s.database}`
    const config = { database: { kind: 'external' as const, url } }
    const store = await openAnalyticsStore(':memory:')
    try {
      await syncAnalytics(store, pool)
      expect(await triggers()).toBe(3)
      const off = await setAnalyticsCapture({ config, action: 'disable' })
      expect(off).toMatchObject({ action: 'disable', tables: 1 })
      expect(await triggers()).toBe(0)
      expect(await setAnalyticsCapture({ config, action: 'enable' })).toEqual({
        action: 'enable',
        wasDisabled: true,
      })
      expect(await setAnalyticsCapture({ config, action: 'enable' })).toEqual({
        action: 'enable',
        wasDisabled: false,
      })
    } finally {
      store.close()
    }
  })
})
