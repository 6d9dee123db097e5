/**
 * Sync path comparison (`npx tsx test/bench/analytics/syncPathBench.ts [--scale 0.1] [--tables a,b]`):
 * the ways of moving one table from PostgreSQL into DuckDB, timed on the analytics benchmark's
 * generated history (run `npm run bench:analytics -- --scale S --generate-only` first):
 *
 * - `csv`: what the sync does: `COPY … TO STDOUT (FORMAT csv)` into a file, then DuckDB's
 *   `read_csv` (all VARCHAR) and the converting `INSERT … SELECT` (copy-out and load timed apart;
 *   the sync overlaps them across tables);
 * - `csv-1gb`: the same with the reader's line limit at 1 GB for every file (the sync before it
 *   measured the longest line: DuckDB's CSV reader runs about half as fast with it);
 * - `appender`: `COPY … TO STDOUT` (text format) streamed through Node, split into VARCHAR
 *   columns and appended as data chunks (DuckDBAppender.appendDataChunk) into a staging table,
 *   then the same converting `INSERT … SELECT`; no file;
 * - `parallel-csv`: the tables' COPYs at once over one connection each (one exported snapshot).
 *
 * Writes test/bench/results/analyticsSyncPath.{json,md}.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type DuckDBConnection, DuckDBDataChunk, DuckDBInstance, VARCHAR } from '@duckdb/node-api'
import pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import { copyToFile, readCsvSql } from '../../../src/analytics/copyToFile'
import { createTableSql, duckConvertList, pgSelectList } from '../../../src/analytics/duckColumns'
import { type MirroredTable, readMirroredTables } from '../../../src/analytics/mirroredTables'
import { ident } from '../../../src/analytics/sqlNames'
import { startEmbeddedPostgres } from '../../../src/db'
import { repoRoot } from '../../../src/util/repoRoot'

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? (process.argv[i + 1] as string) : def
}
const SCALE = Number(arg('scale', '0.1'))
const TABLES = arg('tables', 'contribution_reward,settlement,inference').split(',')

type Row = {
  path: string
  table: string
  rows: number
  copyMs: number
  loadMs: number
  totalMs: number
  /** CPU time of this process (Node and DuckDB's threads; not PostgreSQL's): less load-sensitive than wall time. */
  cpuMs: number
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since)
  return Math.round((u.user + u.system) / 1000)
}

async function main() {
  const root = repoRoot()
  const dataDir = path.join(root, '.data', `bench-analytics${SCALE === 1 ? '' : `-${SCALE}`}`)
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'pg'),
    durable: false,
    database: 'bench',
  })
  const pool = new pg.Pool({ ...server.settings, max: 8 })
  pool.on('error', () => {})
  const tmp = fs.mkdtempSync(path.join(dataDir, 'path-'))
  const results: Row[] = []
  const load = os.loadavg()
  try {
    const client = await pool.connect()
    const all = await readMirroredTables(client)
    client.release()
    const tables = TABLES.map((n) => all.find((t) => t.name === n) as MirroredTable)
    for (const round of [1, 2])
      for (const t of tables) {
        for (const p of ['csv', 'csv-1gb', 'appender'] as const) {
          const r = await timePath(p, t, pool, tmp)
          if (round === 2) results.push(r)
          log(
            `${round === 1 ? '(warm-up) ' : ''}${p} ${t.name}: ${r.rows} rows, copy ${r.copyMs} ms, load ${r.loadMs} ms, total ${r.totalMs} ms = ${rate(r.rows, r.totalMs)} rows/s, cpu ${r.cpuMs} ms`,
          )
        }
      }
    for (const p of ['serial-csv', 'parallel-csv'] as const) {
      const r = await timeTogether(p, tables, pool, tmp)
      results.push(r)
      log(
        `${p} (${TABLES.join('+')}): ${r.rows} rows, copy ${r.copyMs} ms, load ${r.loadMs} ms, total ${r.totalMs} ms = ${rate(r.rows, r.totalMs)} rows/s, cpu ${r.cpuMs} ms`,
      )
    }
  } finally {
    await pool.end().catch(() => {})
    await server.stop()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  writeResults(results, load)
}

async function freshDuck(dir: string, tables: MirroredTable[]) {
  const file = path.join(dir, 'x.duckdb')
  for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true })
  const inst = await DuckDBInstance.create(file)
  const conn = await inst.connect()
  for (const t of tables) await conn.run(createTableSql(t))
  return { inst, conn }
}

async function snapshotClient(pool: pg.Pool, snapshot?: string) {
  const c = await pool.connect()
  await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
  await c.query(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'`)
  if (snapshot) await c.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`)
  return c
}

const selectAll = (t: MirroredTable) => `SELECT ${pgSelectList(t, 't')} FROM public.${ident(t.name)} t`

async function timePath(
  p: 'csv' | 'csv-1gb' | 'appender',
  t: MirroredTable,
  pool: pg.Pool,
  dir: string,
): Promise<Row> {
  const { inst, conn } = await freshDuck(dir, [t])
  const client = await snapshotClient(pool)
  try {
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    await conn.run('BEGIN TRANSACTION')
    let rows = 0
    let copyMs = 0
    if (p === 'appender') {
      rows = await appendViaChunks(client, conn, t)
      copyMs = performance.now() - t0
    } else {
      const file = path.join(dir, `${t.name}.csv`)
      const copied = await copyToFile(client, selectAll(t), file)
      rows = copied.rows
      copyMs = performance.now() - t0
      const from = readCsvSql(
        file,
        t.columns.map((_, i) => `c${i}`),
        p === 'csv' ? copied.longestLine : null,
      )
      await conn.run(`INSERT INTO ${ident(t.name)} SELECT ${duckConvertList(t)} FROM ${from}`)
      fs.rmSync(file, { force: true })
    }
    await conn.run('COMMIT')
    const totalMs = performance.now() - t0
    return {
      path: p,
      table: t.name,
      rows,
      copyMs: Math.round(copyMs),
      loadMs: Math.round(totalMs - copyMs),
      totalMs: Math.round(totalMs),
      cpuMs: cpuMs(cpu0),
    }
  } finally {
    await client.query('ROLLBACK')
    client.release()
    conn.closeSync()
    inst.closeSync()
  }
}

/** COPY text format through Node into a VARCHAR staging table by data chunks, then convert. */
async function appendViaChunks(
  client: pg.PoolClient,
  conn: DuckDBConnection,
  t: MirroredTable,
): Promise<number> {
  const n = t.columns.length
  await conn.run(`CREATE TABLE _stage (${t.columns.map((_, i) => `c${i} VARCHAR`).join(', ')})`)
  const appender = await conn.createAppender('_stage')
  const types = t.columns.map(() => VARCHAR)
  const CHUNK = 2048
  let cols: (string | null)[][] = t.columns.map(() => [])
  let inChunk = 0
  let rows = 0
  const flush = () => {
    if (inChunk === 0) return
    const chunk = DuckDBDataChunk.create(types, inChunk)
    chunk.setColumns(cols)
    appender.appendDataChunk(chunk)
    cols = t.columns.map(() => [])
    inChunk = 0
  }
  const stream = client.query(copyTo(`COPY (${selectAll(t)}) TO STDOUT`))
  let rest = ''
  for await (const buf of stream as AsyncIterable<Buffer>) {
    const text = rest + buf.toString('utf8')
    let start = 0
    for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl)
      start = nl + 1
      const fields = line.split('\t')
      for (let i = 0; i < n; i++) {
        const f = fields[i] as string
        ;(cols[i] as (string | null)[]).push(f === '\\N' ? null : f.includes('\\') ? unescapeText(f) : f)
      }
      rows++
      if (++inChunk === CHUNK) flush()
    }
    rest = text.slice(start)
  }
  flush()
  appender.closeSync()
  await conn.run(`INSERT INTO ${ident(t.name)} SELECT ${duckConvertList(t)} FROM _stage`)
  await conn.run('DROP TABLE _stage')
  return rows
}

function unescapeText(f: string): string {
  return f.replace(
    /\\(.)/g,
    (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' })[c] ?? c,
  )
}

/** All tables: COPYs one after another (as the sync: the next copied out while DuckDB loads) or at once. */
async function timeTogether(
  p: 'serial-csv' | 'parallel-csv',
  tables: MirroredTable[],
  pool: pg.Pool,
  dir: string,
): Promise<Row> {
  const { inst, conn } = await freshDuck(dir, tables)
  const lead = await snapshotClient(pool)
  const others: pg.PoolClient[] = []
  try {
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    await conn.run('BEGIN TRANSACTION')
    const file = (t: MirroredTable) => path.join(dir, `${t.name}.csv`)
    const longest = new Map<string, number | null>()
    const loadOne = (t: MirroredTable) =>
      conn.run(
        `INSERT INTO ${ident(t.name)} SELECT ${duckConvertList(t)} FROM ${readCsvSql(
          file(t),
          t.columns.map((_, i) => `c${i}`),
          longest.get(t.name) ?? null,
        )}`,
      )
    const copyOut = (c: pg.PoolClient, t: MirroredTable) =>
      copyToFile(c, selectAll(t), file(t)).then((r) => {
        longest.set(t.name, r.longestLine)
        return r.rows
      })
    let rows = 0
    let copyDone = 0
    if (p === 'parallel-csv') {
      const snap = (await lead.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]?.s as string
      for (let i = 1; i < tables.length; i++) others.push(await snapshotClient(pool, snap))
      const clients = [lead, ...others]
      // Each table loads as soon as its file is complete; DuckDB takes them one at a time.
      let chain = Promise.resolve()
      await Promise.all(
        tables.map((t, i) =>
          copyOut(clients[i] as pg.PoolClient, t).then((n) => {
            rows += n
            copyDone = performance.now() - t0
            chain = chain.then(() => loadOne(t).then(() => undefined))
            return chain
          }),
        ),
      )
      await chain
    } else {
      let next = copyOut(lead, tables[0] as MirroredTable)
      for (let i = 0; i < tables.length; i++) {
        rows += await next
        if (i + 1 < tables.length) next = copyOut(lead, tables[i + 1] as MirroredTable)
        copyDone = performance.now() - t0
        await loadOne(tables[i] as MirroredTable)
      }
    }
    await conn.run('COMMIT')
    const totalMs = performance.now() - t0
    return {
      path: p,
      table: tables.map((t) => t.name).join('+'),
      rows,
      copyMs: Math.round(copyDone),
      loadMs: Math.round(totalMs - copyDone),
      totalMs: Math.round(totalMs),
      cpuMs: cpuMs(cpu0),
    }
  } finally {
    for (const c of [lead, ...others]) {
      await c.query('ROLLBACK').catch(() => {})
      c.release()
    }
    conn.closeSync()
    inst.closeSync()
  }
}

function writeResults(results: Row[], load: number[]) {
  const out = path.join(repoRoot(), 'test', 'bench', 'results')
  const at = new Date().toISOString()
  fs.writeFileSync(
    path.join(out, 'analyticsSyncPath.json'),
    `${JSON.stringify({ at, scale: SCALE, load: { start: load, end: os.loadavg() }, results }, null, 2)}\n`,
  )
  const lines = [
    '# Analytics sync path: PostgreSQL → DuckDB, one table at a time',
    '',
    `${at} · ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version} · scale ${SCALE} of the analytics benchmark's history`,
    `load average at start ${load.map((x) => x.toFixed(2)).join(' / ')}, at end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}`,
    '',
    'Run with `npx tsx test/bench/analytics/syncPathBench.ts --scale S`. Each path into a fresh DuckDB file, one transaction, after a warm-up round.',
    '`copy`: until the rows are out of PostgreSQL (for `appender`, also appended); `load`: the rest (DuckDB reading and converting).',
    '',
    '`cpu ms`: CPU time of the benchmark process (Node and DuckDB; PostgreSQL not counted), steadier than wall time on a loaded machine.',
    '',
    '| path | table | rows | copy ms | load ms | total ms | rows/s | cpu ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.path} | ${r.table} | ${r.rows.toLocaleString('en-US')} | ${r.copyMs} | ${r.loadMs} | ${r.totalMs} | ${rate(r.rows, r.totalMs)} | ${r.cpuMs} |`,
    ),
    '',
  ]
  fs.writeFileSync(path.join(out, 'analyticsSyncPath.md'), lines.join('\n'))
}

function rate(rows: number, ms: number) {
  return Math.round(rows / (ms / 1000)).toLocaleString('en-US')
}

function log(line: string) {
  console.log(`[bench:analytics:path] ${line}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
