import { type AnalyticsStore, queryAnalytics } from '../../src/analytics'

/**
 * count and md5 of every DuckDB table's rows, by table name (`rollup.<name>` for the rollups):
 * two stores with equal digests hold the same rows. Mirrored tables are ordered by id; rollup
 * rows by their text, with contributor keys replaced by the address they stand for (a store
 * kept incrementally numbers new contributors in another order than a rebuild). The contributor
 * dictionary itself is left out: an incremental store keeps the keys of rolled-back rewards.
 *
 * @example
 * expect(await storeDigest(incremental)).toEqual(await storeDigest(rebuilt))
 */
export async function storeDigest(store: AnalyticsStore): Promise<Record<string, string>> {
  const tables = await queryAnalytics(
    store,
    `SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN ('main', 'rollup')
       AND database_name = current_database() AND NOT (schema_name = 'rollup' AND table_name = 'contributor') ORDER BY 1, 2`,
  )
  const out: Record<string, string> = {}
  for (const [schema, name] of tables.rows) {
    const cols = await queryAnalytics(
      store,
      `SELECT column_name FROM duckdb_columns() WHERE schema_name = '${schema}' AND table_name = '${name}' ORDER BY column_index`,
    )
    const names = cols.rows.map(([c]) => String(c))
    const keyed = schema === 'rollup' && names.includes('contributor')
    const row =
      schema === 'main'
        ? 'CAST(x AS VARCHAR)'
        : names
            .map((c) =>
              keyed && c === 'contributor'
                ? `coalesce(d.id, '-')`
                : `coalesce(CAST(x."${c}" AS VARCHAR), '∅')`,
            )
            .join(` || ',' || `)
    const from = keyed
      ? `"${schema}"."${name}" x LEFT JOIN rollup.contributor d ON d.key = x.contributor`
      : `"${schema}"."${name}" x`
    const order = schema === 'main' ? 'x.id' : row
    const r = await queryAnalytics(
      store,
      `SELECT count(*)::VARCHAR, md5(coalesce(string_agg(${row}, '|' ORDER BY ${order}), '')) FROM ${from}`,
    )
    out[schema === 'main' ? String(name) : `rollup.${name}`] = `${r.rows[0]?.[0]}:${r.rows[0]?.[1]}`
  }
  return out
}
