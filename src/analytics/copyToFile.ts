import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'

/**
 * Streams `COPY (<select>) TO STDOUT` as CSV into `file`: every non-NULL value quoted and NULL
 * as an unquoted `\N`, so DuckDB's CSV reader tells NULL, '' and the text '\N' apart exactly.
 * Runs in the client's current transaction (the sync's snapshot).
 *
 * @returns the number of rows written.
 * @example
 * const n = await copyToFile(client, 'SELECT id, amount FROM contribution_reward', '/tmp/x.csv')
 */
export async function copyToFile(client: pg.ClientBase, select: string, file: string): Promise<number> {
  const stream = client.query(
    copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, NULL '\\N', FORCE_QUOTE *)`),
  )
  await pipeline(stream, fs.createWriteStream(file))
  return stream.rowCount
}

/**
 * The DuckDB `read_csv(…)` call that reads a {@link copyToFile} file back as VARCHAR columns
 * `names` (no type guessing: the converting SELECT decides each type).
 *
 * @example
 * `SELECT * FROM ${readCsvSql('/tmp/x.csv', ['c0', 'c1'])}`
 */
export function readCsvSql(file: string, names: string[]): string {
  const columns = names.map((n) => `'${n}': 'VARCHAR'`).join(', ')
  // Chain text may hold a value of megabytes: allow lines far beyond the 2 MB default.
  return `read_csv('${file.replaceAll("'", "''")}', columns = {${columns}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '\\N', allow_quoted_nulls = false, max_line_size = 1073741824, parallel = true)`
}
