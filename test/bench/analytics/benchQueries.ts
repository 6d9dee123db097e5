import fs from 'node:fs'
import path from 'node:path'
import { type DuckDBType, INTEGER, TIMESTAMPTZ, VARCHAR } from '@duckdb/node-api'

/** One query of the benchmark, as both engines run it. */
export type BenchQuery = {
  name: string
  /** The SQL text with `$name` parameters (DuckDB binds them by name). */
  sql: string
  /** The same text with `$1::type`… for PostgreSQL, and the values in order. */
  pg: { sql: string; values: unknown[] }
  /** Values and types DuckDB binds by name. */
  duck: { values: Record<string, string | number | null>; types: Record<string, DuckDBType> }
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
 * PostgreSQL (rewritten to typed positional parameters; the text is otherwise the same). Falls
 * back to {@link REPRESENTATIVE_QUERIES} when the folder has no SQL files.
 *
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
  const texts: [string, string][] = files.length
    ? files.map((f) => [f.replace(/\.sql$/, ''), fs.readFileSync(path.join(dir, f), 'utf8')])
    : Object.entries(REPRESENTATIVE_QUERIES)
  return {
    source: files.length
      ? `${dir}/*.sql (${files.length} files)`
      : 'representative aggregates (no dashboards/*.sql)',
    queries: texts.map(([name, sql]) => bind(name, sql, filters)),
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
      values: Object.fromEntries(names.map((n) => [n, filters[n]])),
      types: Object.fromEntries(names.map((n) => [n, DUCK_TYPES[n]])),
    },
  }
}

/**
 * Aggregates of the dashboards' shape, used only when no dashboards/*.sql exist: SQL both
 * engines read as is.
 *
 * @example
 * Object.keys(REPRESENTATIVE_QUERIES) // ['open_distributed_per_day', …]
 */
export const REPRESENTATIVE_QUERIES: Record<string, string> = {
  open_distributed_per_day: `SELECT date_trunc($bucket, timestamp) AS day, sum(protocol_amount + dust) AS protocol,
      sum(model_owner_amount) AS model_owners, sum(stakers_amount) AS stakers, sum(contributors_amount) AS contributors
    FROM settlement GROUP BY 1 ORDER BY 1`,
  top_contributors_by_earnings: `SELECT contributor_id, sum(amount) AS earned, count(*) AS rewards
    FROM contribution_reward GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $limit`,
  model_revenue_and_inferences: `SELECT s.model_id, date_trunc($bucket, s.timestamp) AS day, count(*) AS settled,
      sum(s.protocol_amount + s.model_owner_amount + s.stakers_amount + s.contributors_amount) AS revenue
    FROM settlement s GROUP BY 1, 2 ORDER BY 1, 2`,
  audit_outcomes_per_oracle: `SELECT s.validator_id, a.status, count(*) AS n
    FROM audit_report a JOIN settlement s ON s.inference_id = a.inference_id GROUP BY 1, 2 ORDER BY 1, 2`,
}
