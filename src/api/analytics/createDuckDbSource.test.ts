import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDuckDbSource } from './createDuckDbSource'
import { AnalyticsUnavailableError } from './errors'

// A real in-memory DuckDB: binding, value conversion, the timeout and the queue bound.
describe('createDuckDbSource', () => {
  let instance: DuckDBInstance
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:')
    const c = await instance.connect()
    await c.run(
      `CREATE TABLE settlement (id VARCHAR, model_id VARCHAR, amount HUGEINT, timestamp TIMESTAMPTZ)`,
    )
    await c.run(`INSERT INTO settlement VALUES
      ('1', '1', 170141183460469231731687303715884105727, '2026-03-01 23:30:00+00'),
      ('2', '2', 5, '2026-03-02 00:10:00+00')`)
    c.closeSync()
  })
  afterAll(() => instance?.closeSync())

  it('binds typed named parameters (NULL included) and returns exact values', async () => {
    const source = await createDuckDbSource(instance)
    const sql = `SELECT date_trunc($bucket, timestamp) AS day, model_id, sum(amount) AS total, count(*) AS n
      FROM settlement WHERE ($model IS NULL OR model_id = $model) AND ($from IS NULL OR timestamp >= $from)
      GROUP BY 1, 2 ORDER BY 1`
    expect(await source.query(sql, { bucket: 'day', model: null, from: null })).toEqual({
      columns: ['day', 'model_id', 'total', 'n'],
      rows: [
        [new Date('2026-03-01T00:00:00Z'), '1', 2n ** 127n - 1n, 1n],
        [new Date('2026-03-02T00:00:00Z'), '2', 5n, 1n],
      ],
    })
    const later = await source.query(sql, {
      bucket: 'day',
      model: null,
      from: new Date('2026-03-02T00:00:00Z'),
    })
    expect(later.rows.map((r) => r[1])).toEqual(['2'])
    // A hostile value is data, never SQL.
    expect((await source.query(sql, { bucket: 'day', model: "1' OR '1'='1", from: null })).rows).toEqual([])
    source.close()
  })

  it('interrupts a statement past the timeout and stays usable', async () => {
    const source = await createDuckDbSource(instance, { timeoutMs: 200, connections: 1 })
    const slow = source.query('SELECT count(*) FROM range(1000000000000) a', {})
    await expect(slow).rejects.toThrow(AnalyticsUnavailableError)
    await expect(slow).rejects.toMatchObject({ reason: 'timeout' })
    expect((await source.query('SELECT 42 AS x', {})).rows).toEqual([[42]])
    source.close()
  })

  it('refuses a statement when the queue is full instead of piling up', async () => {
    const source = await createDuckDbSource(instance, { timeoutMs: 2000, connections: 1, maxQueue: 0 })
    const first = source.query('SELECT count(*) FROM range(1000000000000) a', {}).catch((e) => e)
    await expect(source.query('SELECT 1', {})).rejects.toMatchObject({ reason: 'busy' })
    expect(await first).toBeInstanceOf(AnalyticsUnavailableError)
    source.close()
  })

  it('says the store is not ready, not that it failed, before the first sync created the tables', async () => {
    const empty = await DuckDBInstance.create(':memory:')
    const source = await createDuckDbSource(empty)
    await expect(source.query('SELECT count(*) FROM settlement', {})).rejects.toMatchObject({
      reason: 'not_ready',
      shortMessage: 'The analytics store has not synced its tables yet; try again shortly.',
    })
    await expect(source.query('SELECT nonsense(1)', {})).rejects.toMatchObject({ reason: 'failed' })
    source.close()
    empty.closeSync()
  })
})
