import fs from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../../util/repoRoot'
import type { AnalyticsSource, AnalyticsValue } from './AnalyticsSource'
import type { DashboardColumn, DashboardQuery } from './dashboardQueries'
import { DashboardDefinitionError } from './errors'
import { type DashboardFilters, paramsFor } from './parseFilters'

/** One result row by column name, converted for JSON: amounts as decimal text, times as ISO. */
export type DashboardRow = Record<string, string | number | null>

const sqlCache = new Map<string, string>()

/**
 * The text of a dashboard's SQL file (`dashboards/<name>.sql`), read once.
 *
 * @example
 * dashboardSql('top_contributors_by_earnings') // '-- The contributors who …'
 */
export function dashboardSql(name: string, dir = path.join(repoRoot(), 'dashboards')): string {
  const file = path.join(dir, `${name}.sql`)
  let sql = sqlCache.get(file)
  if (sql === undefined) {
    sql = fs.readFileSync(file, 'utf8')
    sqlCache.set(file, sql)
  }
  return sql
}

/**
 * Runs a dashboard's SQL file with the filters bound as parameters and returns its rows keyed
 * by column name, each value converted by the column's kind.
 *
 * @throws {DashboardDefinitionError} when the file's columns differ from the catalogue's.
 * @throws {AnalyticsUnavailableError} from the source.
 * @example
 * const rows = await runDashboardQuery(source, query, parseFilters({ model: '1' }))
 */
export async function runDashboardQuery(
  source: AnalyticsSource,
  query: DashboardQuery,
  filters: DashboardFilters,
): Promise<DashboardRow[]> {
  const sql = dashboardSql(query.name)
  const result = await source.query(sql, paramsFor(sql, filters))
  const expected = query.columns.map((c) => c.name)
  if (result.columns.join() !== expected.join())
    throw new DashboardDefinitionError(
      `dashboards/${query.name}.sql returns (${result.columns.join(', ')}), the catalogue expects (${expected.join(', ')})`,
    )
  return result.rows.map((row) => {
    const out: DashboardRow = {}
    query.columns.forEach((c, i) => {
      out[c.name] = convert(row[i], c)
    })
    return out
  })
}

/**
 * One cell as JSON, CSV and GraphQL show it: wei as decimal text, times as ISO with microseconds
 * (OpenReader's DateTime), integers as numbers.
 *
 * @example
 * convert(12n, { name: 'amount', field: 'amount', kind: 'wei' }) // '12'
 */
export function convert(v: AnalyticsValue, c: Pick<DashboardColumn, 'kind'>): string | number | null {
  if (v === null) return null
  switch (c.kind) {
    case 'time':
      return v instanceof Date ? v.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z') : String(v)
    case 'int':
      return Number(v)
    default:
      return String(v)
  }
}
