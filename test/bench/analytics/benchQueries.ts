import fs from 'node:fs'
import path from 'node:path'
import { DuckDBTimestampTZValue, type DuckDBType, INTEGER, TIMESTAMPTZ, VARCHAR } from '@duckdb/node-api'

/** One query of the benchmark, as both engines run it. */
export type BenchQuery = {
  name: string
  /** The SQL text with `$name` parameters (DuckDB binds them by name). */
  sql: string
  /** The same text with `$1::type`… for PostgreSQL, and the values in order. */
  pg: { sql: string; values: unknown[] }
  /** Values and types DuckDB binds by name. */
  duck: {
    values: Record<string, string | number | DuckDBTimestampTZValue | null>
    types: Record<string, DuckDBType>
  }
}

/** Filters a dashboard query is run with (its named parameters). */
export type BenchFilters = {
  from: string | null
  to: string | null
  model: string | null
  datanet: string | null
  bucket: 'hour' | 'day' | 'week'
  limit: number
}

const PG_TYPES: Record<keyof BenchFilters, string> = {
  from: 'timestamptz',
  to: 'timestamptz',
  model: 'text',
  datanet: 'text',
  bucket: 'text',
  limit: 'int',
}
const DUCK_TYPES: Record<keyof BenchFilters, DuckDBType> = {
  from: TIMESTAMPTZ,
  to: TIMESTAMPTZ,
  model: VARCHAR,
  datanet: VARCHAR,
  bucket: VARCHAR,
  limit: INTEGER,
}

/**
 * The dashboard questions to time: every `dashboards/*.sql` file of `dir` (named parameters
 * $from $to $model $datanet $bucket $limit), bound to `filters` for DuckDB (by name) and for
 * PostgreSQL (rewritten to typed positional parameters; the text is otherwise the same).
 *
 * @throws when the folder has no SQL file: the benchmark times the dashboards' own SQL, never
 *   stand-ins (an earlier run timed made-up aggregates and reported them as the dashboards).
 * @example
 * const queries = loadBenchQueries('dashboards', { from: null, to: null, model: null, datanet: null, bucket: 'day', limit: 20 })
 */
export function loadBenchQueries(
  dir: string,
  filters: BenchFilters,
): { source: string; queries: BenchQuery[] } {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
    : []
  if (files.length === 0) throw new Error(`no dashboard SQL (*.sql) in ${dir}`)
  return {
    source: `${path.basename(dir)}/*.sql (${files.length} files)`,
    queries: files.map((f) =>
      bind(f.replace(/\.sql$/, ''), fs.readFileSync(path.join(dir, f), 'utf8'), filters),
    ),
  }
}

function bind(name: string, sql: string, filters: BenchFilters): BenchQuery {
  const names = [...new Set([...sql.matchAll(/\$([a-z_]+)/g)].map((m) => m[1] as keyof BenchFilters))]
  for (const n of names) if (!(n in PG_TYPES)) throw new Error(`${name}.sql names an unknown parameter $${n}`)
  const pgSql = sql.replace(
    /\$([a-z_]+)/g,
    (_m, n: keyof BenchFilters) => `$${names.indexOf(n) + 1}::${PG_TYPES[n]}`,
  )
  return {
    name,
    sql,
    pg: { sql: pgSql, values: names.map((n) => filters[n]) },
    duck: {
      // DuckDB binds a TIMESTAMPTZ parameter from its value class only, not from ISO text.
      values: Object.fromEntries(
        names.map((n) => {
          const v = filters[n]
          return [n, DUCK_TYPES[n] === TIMESTAMPTZ && typeof v === 'string' ? timestamptz(v) : v]
        }),
      ),
      types: Object.fromEntries(names.map((n) => [n, DUCK_TYPES[n]])),
    },
  }
}

function timestamptz(iso: string): DuckDBTimestampTZValue {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${iso}`)
  return new DuckDBTimestampTZValue(BigInt(ms) * 1000n)
}

/**
 * The dashboards as DuckDB runs them, each with PostgreSQL's statement taken from the query of
 * the same name in `pgSide` (the question answered from the indexer's own tables); a dashboard
 * that reads no rollup table (validator staking) runs its own text on both.
 *
 * @throws when a dashboard reading the rollups has no PostgreSQL counterpart.
 * @example
 * pairQueries(loadBenchQueries('dashboards', f), loadBenchQueries('test/bench/analytics/direct', f))
 */
export function pairQueries(
  duckSide: { source: string; queries: BenchQuery[] },
  pgSide: { source: string; queries: BenchQuery[] },
): { source: string; queries: BenchQuery[] } {
  const byName = new Map(pgSide.queries.map((q) => [q.name, q]))
  return {
    source: `${duckSide.source} on DuckDB, ${pgSide.source} on PostgreSQL`,
    queries: duckSide.queries.map((q) => {
      const pg = byName.get(q.name)
      if (pg) return { ...q, pg: pg.pg }
      if (q.sql.includes('rollup.')) throw new Error(`no PostgreSQL statement for ${q.name}`)
      return q
    }),
  }
}
