import { type AnalyticsStore, queryAnalytics } from '../../src/analytics'

/**
 * count and md5 of every DuckDB table's rows (ordered by id), by table name: two stores with
 * equal digests hold the same rows.
 *
 * @example
 * expect(await storeDigest(incremental)).toEqual(await storeDigest(rebuilt))
 */
export async function storeDigest(store: AnalyticsStore): Promise<Record<string, string>> {
  const tables = await queryAnalytics(
    store,
    `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database() ORDER BY 1`,
  )
  const out: Record<string, string> = {}
  for (const [name] of tables.rows) {
    const r = await queryAnalytics(
      store,
      `SELECT count(*)::VARCHAR, md5(coalesce(string_agg(CAST(x AS VARCHAR), '|' ORDER BY x.id), '')) FROM "${name}" x`,
    )
    out[String(name)] = `${r.rows[0]?.[0]}:${r.rows[0]?.[1]}`
  }
  return out
}
