import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScriptQuery } from '../../src/db/write/scriptQuery'
import { setupDatabase, type TestDatabase } from './helpers/database'

// ScriptQuery on a real PostgreSQL: statements and COPY loads in one simple query, results per
// statement, and failures surfaced without leaving the connection stuck.

let db: TestDatabase
let client: pg.Client

beforeAll(async () => {
  db = await setupDatabase()
  client = new pg.Client({ ...db.settings })
  await client.connect()
  await client.query('CREATE TABLE script_t (a int, b text)')
}, 60_000)

afterAll(async () => {
  await client?.end()
  await db?.stop()
})

async function run(text: string, copies: Buffer[] = []) {
  const q = new ScriptQuery(text, copies)
  client.query(q)
  return q.done
}

describe('ScriptQuery', () => {
  it('feeds each COPY its data in order and returns one result per statement', async () => {
    const results = await run(
      `BEGIN; COPY script_t (a, b) FROM STDIN; SELECT count(*)::int AS n FROM script_t;
       COPY script_t (a, b) FROM STDIN; SELECT sum(a)::int AS s, max(b) AS b FROM script_t; ROLLBACK`,
      [Buffer.from('1\tone\n2\t\\N\n'), Buffer.from('40\ttab\\there\n')],
    )
    expect(results).toHaveLength(6)
    expect(results[2].rows).toEqual([{ n: '2' }])
    expect(results[4].rows).toEqual([{ s: '43', b: 'tab\there' }])
  })

  it("rejects with the server's error and leaves the connection usable", async () => {
    await expect(run('SELECT 1; SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/)
    expect((await client.query('SELECT 2 AS x')).rows).toEqual([{ x: 2 }])
  })

  it('fails a COPY it has no data for instead of hanging', async () => {
    await expect(
      run('COPY script_t (a, b) FROM STDIN; COPY script_t (a, b) FROM STDIN', [Buffer.from('1\tx\n')]),
    ).rejects.toThrow(/more COPY statements than data/)
    expect((await client.query('SELECT count(*)::int AS n FROM script_t')).rows).toEqual([{ n: 0 }])
  })
})
