import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatSqlResult } from './formatSqlResult'
import { runReadOnlySql } from './runReadOnlySql'

// An instance that is NOT locked down: the guard alone must hold.
let instance: DuckDBInstance
let conn: DuckDBConnection
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:')
  conn = await instance.connect()
  await conn.run(`CREATE TABLE reward (id VARCHAR, amount HUGEINT, tags VARCHAR[]);
    INSERT INTO reward VALUES ('a', 5, ['x']), ('b', 170141183460469231731687303715884105727, NULL);
    CREATE SEQUENCE s;`)
})
afterAll(() => {
  conn.closeSync()
  instance.closeSync()
})

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: { code?: string }) => e.code,
  )

describe('runReadOnlySql on an instance that still has file access', () => {
  it('refuses file readers, nested SQL, state changes and writes by their code', async () => {
    const got: [string, unknown][] = []
    // One query at a time: a connection runs one statement (the route gives each its own).
    for (const sql of [
      "SELECT * FROM read_csv('/etc/passwd')",
      "FROM '/etc/passwd'",
      "SELECT * FROM query('SELECT 1')",
      "SELECT nextval('s')",
      "INSERT INTO reward VALUES ('c', 1, NULL)",
    ])
      got.push([sql, await code(runReadOnlySql(conn, sql))])
    expect(Object.fromEntries(got)).toEqual({
      "SELECT * FROM read_csv('/etc/passwd')": 'FORBIDDEN_FUNCTION',
      "FROM '/etc/passwd'": 'FORBIDDEN_TABLE',
      "SELECT * FROM query('SELECT 1')": 'FORBIDDEN_FUNCTION',
      "SELECT nextval('s')": 'FORBIDDEN_FUNCTION',
      "INSERT INTO reward VALUES ('c', 1, NULL)": 'READ_ONLY',
    })
    expect((await conn.runAndReadAll('SELECT count(*) FROM reward')).getRowsJson()).toEqual([['2']])
  })

  it('leaves no transaction open, after an answer and after a refusal', async () => {
    await code(runReadOnlySql(conn, 'SELECT 1/0 FROM nope'))
    await runReadOnlySql(conn, 'SELECT 1')
    // A write outside the guard works again: nothing of the read-only transaction is left.
    await conn.run("INSERT INTO reward VALUES ('tmp', 0, NULL)")
    await conn.run("DELETE FROM reward WHERE id = 'tmp'")
  })

  it('formats the same answer as CSV, a text table and JSON, without losing HUGEINT digits', async () => {
    const result = await runReadOnlySql(conn, 'SELECT id, amount, tags FROM reward ORDER BY id')
    expect(formatSqlResult(result, 'csv')).toBe(
      'id,amount,tags\r\na,5,"[""x""]"\r\nb,170141183460469231731687303715884105727,\r\n',
    )
    expect(formatSqlResult(result, 'table')).toBe(
      [
        'id | amount                                  | tags ',
        '---+-----------------------------------------+------',
        'a  | 5                                       | ["x"]',
        'b  | 170141183460469231731687303715884105727 |      ',
        '(2 rows)',
        '',
      ].join('\n'),
    )
    expect(JSON.parse(formatSqlResult(result, 'json')).columns).toEqual([
      { name: 'id', type: 'VARCHAR' },
      { name: 'amount', type: 'HUGEINT' },
      { name: 'tags', type: 'VARCHAR[]' },
    ])
  })
})
