import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBTimestampTZValue } from '@duckdb/node-api'
import { afterAll, describe, expect, it } from 'vitest'
import { loadBenchQueries, pairQueries } from './benchQueries'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queries-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const filters = {
  from: null,
  to: '2026-02-01T00:00:00Z',
  model: '7',
  datanet: null,
  bucket: 'week' as const,
  limit: 20,
}

describe('loadBenchQueries', () => {
  it('binds one SQL text by name for DuckDB and by typed position for PostgreSQL, each parameter once', () => {
    fs.writeFileSync(
      path.join(dir, 'q.sql'),
      'SELECT date_trunc($bucket, t) FROM x WHERE ($to IS NULL OR t < $to) AND ($model IS NULL OR m = $model) LIMIT $limit',
    )
    const { source, queries } = loadBenchQueries(dir, filters)
    expect(source).toBe(`${path.basename(dir)}/*.sql (1 files)`)
    expect(queries[0].pg).toEqual({
      sql: 'SELECT date_trunc($1::text, t) FROM x WHERE ($2::timestamptz IS NULL OR t < $2::timestamptz) AND ($3::text IS NULL OR m = $3::text) LIMIT $4::int',
      values: ['week', '2026-02-01T00:00:00Z', '7', 20],
    })
    expect(queries[0].duck.values).toEqual({
      bucket: 'week',
      to: new DuckDBTimestampTZValue(BigInt(Date.parse('2026-02-01T00:00:00Z')) * 1000n),
      model: '7',
      limit: 20,
    })
    expect(Object.keys(queries[0].duck.types)).toEqual(['bucket', 'to', 'model', 'limit'])
  })

  it('refuses a folder without SQL files (no stand-in queries) and an unknown parameter', () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'))
    expect(() => loadBenchQueries(empty, filters)).toThrow(`no dashboard SQL (*.sql) in ${empty}`)
    fs.writeFileSync(path.join(empty, 'bad.sql'), 'SELECT $nope')
    expect(() => loadBenchQueries(empty, filters)).toThrow('bad.sql names an unknown parameter $nope')
  })
})

describe('pairQueries', () => {
  it("gives each dashboard PostgreSQL's direct statement of the same name, its own text when it reads no rollup", () => {
    const duck = fs.mkdtempSync(path.join(dir, 'duck-'))
    const direct = fs.mkdtempSync(path.join(dir, 'direct-'))
    fs.writeFileSync(
      path.join(duck, 'a.sql'),
      'SELECT sum(amount) FROM rollup.paid_hour WHERE model = $model',
    )
    fs.writeFileSync(path.join(duck, 'b.sql'), 'SELECT count(*) FROM validator_event WHERE timestamp < $to')
    fs.writeFileSync(path.join(direct, 'a.sql'), 'SELECT sum(amount) FROM settlement WHERE model_id = $model')
    const paired = pairQueries(loadBenchQueries(duck, filters), loadBenchQueries(direct, filters))
    expect(paired.queries.map((q) => [q.name, q.sql.includes('rollup.'), q.pg.sql])).toEqual([
      ['a', true, 'SELECT sum(amount) FROM settlement WHERE model_id = $1::text'],
      ['b', false, 'SELECT count(*) FROM validator_event WHERE timestamp < $1::timestamptz'],
    ])
    fs.rmSync(path.join(direct, 'a.sql'))
    fs.writeFileSync(path.join(direct, 'other.sql'), 'SELECT 1')
    expect(() => pairQueries(loadBenchQueries(duck, filters), loadBenchQueries(direct, filters))).toThrow(
      'no PostgreSQL statement for a',
    )
  })
})
