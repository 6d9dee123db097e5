import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postFrom } from './clientRequest'
import { type FixtureApi, startFixtureApi } from './fixtureApi'

// One analytics DuckDB file for the suite, served at /sql next to the fixture GraphQL API.
let f: FixtureApi
let dir: string
let instance: DuckDBInstance
let sqlUrl: string
const SECRET = 'top-secret-line'

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-endpoint-'))
  fs.writeFileSync(path.join(dir, 'secret.csv'), `a\n${SECRET}\n`)
  instance = await DuckDBInstance.create(path.join(dir, 'analytics.duckdb'))
  const setup = await instance.connect()
  await setup.run(`CREATE TABLE reward (id VARCHAR PRIMARY KEY, datanet_id VARCHAR, amount HUGEINT, block_number INTEGER);
    INSERT INTO reward SELECT 'r' || i, 'd' || (i % 3), i::HUGEINT * 1000000000000000000, i FROM range(1, 301) t(i);
    CREATE SEQUENCE ticket;`)
  setup.closeSync()
  f = await startFixtureApi({
    sql: { instance, limits: { timeoutMs: 1500, maxRows: 200, maxBytes: 32 * 1024 } },
  })
  sqlUrl = f.api.url.replace(/\/graphql$/, '/sql')
}, 60_000)

afterAll(async () => {
  await f?.stop()
  instance?.closeSync()
  fs.rmSync(dir, { recursive: true, force: true })
})

const ask = (sql: unknown, opts: { from?: string; query?: string; headers?: Record<string, string> } = {}) =>
  postFrom(`${sqlUrl}${opts.query ?? ''}`, typeof sql === 'string' ? { sql } : sql, opts)

async function state() {
  const c = await instance.connect()
  try {
    const read = async (q: string) => (await c.runAndReadAll(q)).getRowsJson()
    return {
      rewards: await read('SELECT count(*), sum(amount)::VARCHAR, max(block_number) FROM reward'),
      tables: await read('SELECT table_name FROM duckdb_tables() ORDER BY 1'),
      databases: await read('SELECT database_name FROM duckdb_databases() WHERE NOT internal ORDER BY 1'),
      threads: await read("SELECT current_setting('threads')"),
      sequence: await read(
        "SELECT start_value, last_value FROM duckdb_sequences() WHERE sequence_name = 'ticket'",
      ),
    }
  } finally {
    c.closeSync()
  }
}

describe('POST /sql answers', () => {
  it('answers a query as JSON with column names and types, big integers as strings', async () => {
    const res = await ask(
      'WITH d AS (SELECT datanet_id, sum(amount) AS total FROM reward GROUP BY 1) SELECT * FROM d ORDER BY 1',
    )
    expect(res.status).toBe(200)
    expect(res.body.columns).toEqual([
      { name: 'datanet_id', type: 'VARCHAR' },
      { name: 'total', type: 'HUGEINT' },
    ])
    expect(res.body.rows).toEqual([
      ['d0', '15150000000000000000000'],
      ['d1', '14950000000000000000000'],
      ['d2', '15050000000000000000000'],
    ])
    expect(res.body.rowCount).toBe(3)
  })

  it('answers CSV for ?format=csv and for Accept: text/csv, the same rows', async () => {
    const sql = 'SELECT id, \'a,"b"\' AS tricky, NULL AS nothing FROM reward ORDER BY block_number LIMIT 2'
    const byQuery = await ask(sql, { query: '?format=csv' })
    const byAccept = await ask(sql, { headers: { accept: 'text/csv' } })
    expect(byQuery.status).toBe(200)
    expect(byQuery.body).toBe('id,tricky,nothing\r\nr1,"a,""b""",\r\nr2,"a,""b""",\r\n')
    expect(byAccept.body).toBe(byQuery.body)
  })

  it('accepts the SQL as text/plain, EXPLAIN, DESCRIBE and FROM-first queries', async () => {
    const text = await postFrom(sqlUrl, 'SELECT count(*) AS n FROM reward', {
      headers: { 'content-type': 'text/plain' },
    })
    expect([text.status, text.body.rows]).toEqual([200, [['300']]])
    const explain = await ask('EXPLAIN SELECT count(*) FROM reward')
    expect(explain.status).toBe(200)
    expect(JSON.stringify(explain.body.rows)).toContain('reward')
    expect((await ask('DESCRIBE reward')).body.rows.map((r: string[]) => r[0])).toEqual([
      'id',
      'datanet_id',
      'amount',
      'block_number',
    ])
    expect((await ask('FROM reward SELECT max(block_number)')).body.rows).toEqual([[300]])
  })
})

describe('POST /sql refuses, with a code, and changes nothing', () => {
  const secret = path.join('DIR', 'secret.csv')
  // [sql, HTTP status, code]; DIR is replaced by the suite's temp dir.
  const hostile: [string, number, string][] = [
    ["INSERT INTO reward VALUES ('x', 'd0', 1, 1)", 400, 'READ_ONLY'],
    ["UPDATE reward SET amount = 0 WHERE id = 'r1'", 400, 'READ_ONLY'],
    ['DELETE FROM reward', 400, 'READ_ONLY'],
    ['DROP TABLE reward', 400, 'READ_ONLY'],
    ['CREATE TABLE stolen AS SELECT * FROM reward', 400, 'READ_ONLY'],
    ['ALTER TABLE reward ADD COLUMN x INT', 400, 'READ_ONLY'],
    ["COPY reward TO 'DIR/out.csv'", 400, 'READ_ONLY'],
    ["COPY reward FROM 'DIR/secret.csv'", 400, 'READ_ONLY'],
    ["ATTACH 'DIR/other.duckdb' AS other", 400, 'READ_ONLY'],
    ['DETACH analytics', 400, 'READ_ONLY'],
    ['INSTALL httpfs', 400, 'READ_ONLY'],
    ['LOAD httpfs', 400, 'READ_ONLY'],
    ['PRAGMA enable_profiling', 400, 'READ_ONLY'],
    ['SET threads = 1', 400, 'READ_ONLY'],
    ['RESET enable_external_access', 400, 'READ_ONLY'],
    ['CALL checkpoint()', 400, 'READ_ONLY'],
    ["EXPORT DATABASE 'DIR/export'", 400, 'READ_ONLY'],
    ['VACUUM', 400, 'READ_ONLY'],
    ["EXPLAIN ANALYZE INSERT INTO reward VALUES ('x', 'd0', 1, 1)", 400, 'READ_ONLY'],
    ["WITH x AS (SELECT 1) INSERT INTO reward VALUES ('x', 'd0', 1, 1)", 400, 'READ_ONLY'],
    [`SELECT * FROM read_csv('${secret}')`, 400, 'FORBIDDEN_FUNCTION'],
    [`SELECT * FROM read_parquet('${secret}')`, 400, 'FORBIDDEN_FUNCTION'],
    [`SELECT * FROM read_json('${secret}')`, 400, 'FORBIDDEN_FUNCTION'],
    [`SELECT content FROM read_text('${secret}')`, 400, 'FORBIDDEN_FUNCTION'],
    ["SELECT * FROM glob('/etc/*')", 400, 'FORBIDDEN_FUNCTION'],
    [`SELECT * FROM query('SELECT * FROM read_csv(''${secret}'')')`, 400, 'FORBIDDEN_FUNCTION'],
    ["SELECT * FROM query_table('reward')", 400, 'FORBIDDEN_FUNCTION'],
    [`SELECT (SELECT count(*) FROM read_csv('${secret}')) FROM reward`, 400, 'FORBIDDEN_FUNCTION'],
    ["SELECT nextval('ticket')", 400, 'FORBIDDEN_FUNCTION'],
    ["SELECT current_setting('temp_directory')", 400, 'FORBIDDEN_FUNCTION'],
    ['SELECT * FROM duckdb_settings()', 400, 'FORBIDDEN_FUNCTION'],
    ['SELECT * FROM duckdb_databases()', 400, 'FORBIDDEN_FUNCTION'],
    [`SELECT * FROM '${secret}'`, 400, 'FORBIDDEN_TABLE'],
    [`SUMMARIZE '${secret}'`, 400, 'FORBIDDEN_TABLE'],
    ["SELECT * FROM 'https://example.invalid/x.parquet'", 400, 'FORBIDDEN_TABLE'],
    [`WITH "${secret}" AS (SELECT 1) SELECT * FROM "${secret}"`, 400, 'FORBIDDEN_TABLE'],
    ['SELECT 1; DROP TABLE reward', 400, 'MULTIPLE_STATEMENTS'],
    ['SELECT 1; SELECT 2', 400, 'MULTIPLE_STATEMENTS'],
    ['SELEC 1', 400, 'SYNTAX_ERROR'],
    ['', 400, 'EMPTY_QUERY'],
    ['-- nothing', 400, 'EMPTY_QUERY'],
    ['SELECT no_such_column FROM reward', 400, 'QUERY_ERROR'],
    ['SELECT * FROM reward', 413, 'ROW_LIMIT_EXCEEDED'],
    ["SELECT repeat('x', 100000) FROM reward LIMIT 1", 413, 'RESULT_TOO_LARGE'],
    [`SELECT '${'x'.repeat(17 * 1024)}'`, 400, 'SQL_TOO_LONG'],
  ]

  const cases = hostile.map(([sql, status, code]) => ({
    label: sql.length > 80 ? `${sql.slice(0, 40)}…` : sql,
    sql,
    status,
    code,
  }))
  it.each(cases)('$label → $status $code', async ({ sql, status, code }) => {
    const files = fs.readdirSync(dir).sort()
    const before = await state()
    const res = await ask(sql.replaceAll('DIR', dir))
    expect([res.status, res.body.errors?.[0]?.extensions?.code]).toEqual([status, code])
    expect(res.body.errors[0].message).not.toContain(SECRET)
    expect(await state()).toEqual(before)
    expect(fs.readdirSync(dir).sort()).toEqual(files)
  })

  it('refuses a body without SQL, another method and an answer format it cannot give', async () => {
    expect((await ask({ query: 'SELECT 1' })).body.errors[0].extensions.code).toBe('BAD_REQUEST')
    const get = await fetch(`${sqlUrl}?sql=SELECT%201`)
    expect([get.status, (await get.json()).errors[0].extensions.code]).toEqual([405, 'METHOD_NOT_ALLOWED'])
    const xml = await ask('SELECT 1', { headers: { accept: 'application/xml' } })
    expect([xml.status, xml.body.errors[0].extensions.code]).toEqual([406, 'NOT_ACCEPTABLE'])
  })

  it('the instance itself refuses files and settings (second wall, after the first query)', async () => {
    const c = await instance.connect()
    try {
      await expect(c.run(`SELECT * FROM read_csv('${dir}/secret.csv')`)).rejects.toThrow(
        /disabled by configuration/,
      )
      await expect(c.run('SET enable_external_access = true')).rejects.toThrow(/locked/)
    } finally {
      c.closeSync()
    }
  })
})

describe('POST /sql under a slow query', () => {
  it('interrupts a query past the timeout while another client is answered meanwhile', async () => {
    const slowSql = 'SELECT count(*) FROM range(100000) a, range(1000000) b WHERE a.range + b.range = -1'
    const events: string[] = []
    const slow = ask(slowSql, { from: '127.0.0.2' }).then((r) => {
      events.push('slow')
      return r
    })
    // Ask again and again while the slow one runs: each answer must be right and come first.
    await new Promise((r) => setTimeout(r, 200))
    const other = await ask('SELECT count(*) AS n FROM reward WHERE datanet_id = $$d1$$', {
      from: '127.0.0.3',
    })
    events.push('other')
    expect([other.status, other.body.rows]).toEqual([200, [['100']]])
    const res = await slow
    expect([res.status, res.body.errors[0].extensions.code]).toEqual([504, 'QUERY_TIMEOUT'])
    expect(events).toEqual(['other', 'slow'])
    // The connection that was interrupted serves the next query normally.
    const after = await Promise.all([1, 2, 3, 4].map(() => ask('SELECT 1 AS one', { from: '127.0.0.2' })))
    expect(after.map((r) => r.body.rows)).toEqual([[[1]], [[1]], [[1]], [[1]]])
  })
})
