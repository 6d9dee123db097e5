import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyToFile, readCsvSql } from '../../src/analytics/copyToFile'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'

let db: TestDatabase
let client: pg.Client
let dir: string

beforeAll(async () => {
  db = await setupDatabase()
  client = new pg.Client({ ...db.settings })
  await client.connect()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-copy-'))
}, 120_000)

afterAll(async () => {
  await client?.end()
  await db?.stop()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

/** Copies `select` out of PostgreSQL and reads it back through DuckDB with the measured limit. */
async function roundTrip(select: string, columns: number) {
  const copied = await copyToFile(client, select, path.join(dir, 'x.csv'))
  const duck = await (await DuckDBInstance.create(':memory:')).connect()
  const names = Array.from({ length: columns }, (_, i) => `c${i}`)
  const back = await duck.runAndReadAll(
    `SELECT ${names.map((n) => `md5(coalesce(${n}, 'NULL'))`).join(', ')} FROM ${readCsvSql(copied.file, names, copied.longestLine)} ORDER BY 1`,
  )
  const sent = await client.query({
    text: `SELECT ${names.map((n) => `md5(coalesce(${n}, 'NULL'))`).join(', ')} FROM (${select}) s(${names.join(', ')}) ORDER BY 1`,
    rowMode: 'array',
  })
  return { copied, back: back.getRows(), sent: sent.rows }
}

describe('copyToFile', () => {
  it('measures the longest line, so a 3 MB value without newlines reads back under a limit sized for it', async () => {
    const { copied, back, sent } = await roundTrip(
      `SELECT i::text, CASE WHEN i = 2 THEN repeat('x', 3000000) ELSE 'a,"b"' END FROM generate_series(1, 3) i`,
      2,
    )
    expect(copied.rows).toBe(3)
    // 3,000,000 x's, the quotes, the id and the comma.
    expect(copied.longestLine).toBe(3_000_000 + 2 + 4)
    expect(back).toEqual(sent)
  })

  it('gives no longest line when a value holds a newline (a record spans lines), and reads it back exactly', async () => {
    const { copied, back, sent } = await roundTrip(
      `SELECT i::text, CASE WHEN i = 2 THEN repeat('y', 2500000) || E'\\n' || 'z' ELSE E'\\r\\n' END FROM generate_series(1, 3) i`,
      2,
    )
    expect(copied.rows).toBe(3)
    expect(copied.longestLine).toBeNull()
    expect(back).toEqual(sent)
  })
})
