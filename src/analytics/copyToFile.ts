import fs from 'node:fs'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'

/** A {@link copyToFile} result: the rows written and what DuckDB's reader must allow for them. */
export type CopiedFile = {
  file: string
  rows: number
  /**
   * The longest CSV record in bytes when every record is one line (no value holds a newline),
   * else null (a record's length is then unknown).
   */
  longestLine: number | null
}

// DuckDB's default max_line_size: its CSV reader is about twice as fast within it than with the
// 1 GB allowance (buffers sized for it leave fewer, larger chunks to read in parallel).
const DEFAULT_MAX_LINE = 2_097_152
// Chain text may hold a value of megabytes (calldata, JSON args).
const HUGE_MAX_LINE = 1_073_741_824

/**
 * Streams `COPY (<select>) TO STDOUT` as CSV into `file`: every non-NULL value quoted and NULL
 * as an unquoted `\N`, so DuckDB's CSV reader tells NULL, '' and the text '\N' apart exactly.
 * Runs in the client's current transaction (the sync's snapshot). On the way it measures the
 * longest line, so {@link readCsvSql} can keep DuckDB's faster default line limit when it holds.
 *
 * @example
 * const { rows } = await copyToFile(client, 'SELECT id, amount FROM contribution_reward', '/tmp/x.csv')
 */
export async function copyToFile(client: pg.ClientBase, select: string, file: string): Promise<CopiedFile> {
  const stream = client.query(
    copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, NULL '\\N', FORCE_QUOTE *)`),
  )
  const meter = new LineMeter()
  await pipeline(stream, meter, fs.createWriteStream(file))
  const rows = stream.rowCount
  // As many newlines as rows: each one ends a record, so the longest line is the longest record.
  return { file, rows, longestLine: meter.newlines === rows ? meter.longest : null }
}

/** Counts newlines and the longest run of bytes between them, passing the bytes through. */
class LineMeter extends Transform {
  newlines = 0
  longest = 0
  private current = 0

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let pos = 0
    for (;;) {
      const nl = chunk.indexOf(10, pos)
      if (nl < 0) {
        this.current += chunk.length - pos
        break
      }
      this.longest = Math.max(this.longest, this.current + nl - pos)
      this.current = 0
      this.newlines++
      pos = nl + 1
    }
    done(null, chunk)
  }
}

/**
 * The DuckDB `read_csv(…)` call that reads a {@link copyToFile} file back as VARCHAR columns
 * `names` (no type guessing: the converting SELECT decides each type). `longestLine` (from
 * {@link CopiedFile}) sets the reader's line limit; unknown (null) allows 1 GB.
 *
 * @example
 * `SELECT * FROM ${readCsvSql('/tmp/x.csv', ['c0', 'c1'], 120)}`
 */
export function readCsvSql(file: string, names: string[], longestLine: number | null = null): string {
  const columns = names.map((n) => `'${n}': 'VARCHAR'`).join(', ')
  // new_line fixed to PostgreSQL's: sniffed, a text value holding "\r\n" in the first rows made
  // DuckDB take \r\n as the record separator and fail the round (unterminated quote).
  const maxLine =
    longestLine === null
      ? HUGE_MAX_LINE
      : Math.max(DEFAULT_MAX_LINE, Math.min(HUGE_MAX_LINE, longestLine + 2))
  return `read_csv('${file.replaceAll("'", "''")}', columns = {${columns}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '\\N', allow_quoted_nulls = false, new_line = '\\n', max_line_size = ${maxLine}, parallel = true)`
}
