import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from './runCli'

let dir: string
let db: string
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analytics-query-cli-'))
  db = path.join(dir, 'analytics.duckdb')
  fs.writeFileSync(path.join(dir, 'secret.csv'), 'a\ntop-secret\n')
  const instance = await DuckDBInstance.create(db)
  const c = await instance.connect()
  await c.run(`CREATE TABLE settlement AS
    SELECT 's' || i AS id, 'm' || (i % 3) AS model_id, i::HUGEINT * 1000000000000000000 AS protocol_amount FROM range(10) t(i)`)
  c.closeSync()
  instance.closeSync()
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('analytics query', () => {
  it('prints a table, CSV or JSON, and refuses writes and file reads with a code and exit status 1', async () => {
    const sql = 'SELECT model_id, sum(protocol_amount) AS protocol FROM settlement GROUP BY 1 ORDER BY 1'
    // The file is opened read-only, so the runs may share it.
    const [table, csv, drop, readCsv] = await Promise.all([
      cli(['analytics', 'query', '--file', db, sql]),
      cli(['analytics', 'query', '--file', db, '--format', 'csv', `${sql} LIMIT 1`]),
      cli(['analytics', 'query', '--file', db, 'DROP TABLE settlement']),
      cli(['analytics', 'query', '--file', db, `SELECT * FROM read_csv('${dir}/secret.csv')`]),
    ])
    expect([table.code, table.stdout]).toEqual([
      0,
      [
        'model_id | protocol            ',
        '---------+---------------------',
        'm0       | 18000000000000000000',
        'm1       | 12000000000000000000',
        'm2       | 15000000000000000000',
        '(3 rows)',
        '',
      ].join('\n'),
    ])
    expect([csv.code, csv.stdout]).toEqual([0, 'model_id,protocol\r\nm0,18000000000000000000\r\n'])
    expect([drop.code, drop.stdout, drop.stderr]).toEqual([
      1,
      '',
      expect.stringMatching(/^READ_ONLY: .*got DROP/m),
    ])
    expect([readCsv.code, readCsv.stdout]).toEqual([1, ''])
    expect(readCsv.stderr).toMatch(/^FORBIDDEN_FUNCTION: Function read_csv\(\)/m)
    expect(readCsv.stderr).not.toContain('top-secret')
    const after = await cli([
      'analytics',
      'query',
      '--file',
      db,
      '--format',
      'json',
      'SELECT count(*) AS n FROM settlement',
    ])
    expect([after.code, after.stderr]).toEqual([0, ''])
    expect(JSON.parse(after.stdout)).toEqual({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [['10']] })
  }, 240_000)

  it('says which file is missing', async () => {
    const r = await cli(['analytics', 'query', '--file', path.join(dir, 'none.duckdb'), 'SELECT 1'])
    expect([r.code, r.stderr]).toEqual([
      1,
      expect.stringContaining(`No analytics database at ${path.join(dir, 'none.duckdb')}`),
    ])
  }, 120_000)
})
