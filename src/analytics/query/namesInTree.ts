/** A table named in a query, lower case; empty strings where the query leaves a part out. */
export type TableName = { catalog: string; schema: string; name: string }

/** The names one parsed statement refers to. */
export type ParsedNames = {
  /** Every function called (scalar, aggregate, table, macro), lower case. */
  functions: Set<string>
  /** Every table reference that is not a function or subquery. */
  tables: TableName[]
  /** Names its CTEs define, at any depth, lower case. */
  ctes: Set<string>
}

// `SHOW TABLES` and friends parse to a SHOW_REF naming a pseudo-table, not a table.
const SHOW_PSEUDO_TABLES = new Set([
  'tables',
  'databases',
  '"tables"',
  '"databases"',
  '__show_tables_expanded',
])

/**
 * Collects the functions, tables and CTE names of one statement from DuckDB's serialised syntax
 * tree (`json_serialize_sql`), walking every node so a name inside a subquery, a CTE, a lambda, a
 * window or an ORDER BY is found as well as one at the top.
 *
 * @example
 * namesInTree(JSON.parse(serialised).statements[0]) // { functions: Set{'sum'}, tables: [{…name: 'reward'}], ctes: Set{} }
 */
export function namesInTree(statement: unknown): ParsedNames {
  const names: ParsedNames = { functions: new Set(), tables: [], ctes: new Set() }
  const stack: unknown[] = [statement]
  while (stack.length) {
    const node = stack.pop()
    if (Array.isArray(node)) {
      stack.push(...node)
      continue
    }
    if (!node || typeof node !== 'object') continue
    const n = node as Record<string, unknown>
    if (n.class === 'FUNCTION' && typeof n.function_name === 'string')
      names.functions.add(n.function_name.toLowerCase())
    if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string')
      names.tables.push({
        catalog: String(n.catalog_name ?? '').toLowerCase(),
        schema: String(n.schema_name ?? '').toLowerCase(),
        name: n.table_name.toLowerCase(),
      })
    if (n.type === 'SHOW_REF' && typeof n.table_name === 'string' && n.table_name !== '') {
      const name = n.table_name.toLowerCase()
      if (!SHOW_PSEUDO_TABLES.has(name))
        names.tables.push({ catalog: '', schema: '', name: name.replace(/^"(.*)"$/, '$1') })
    }
    const cteMap = (n.cte_map as { map?: { key?: unknown }[] } | undefined)?.map
    if (Array.isArray(cteMap))
      for (const entry of cteMap) if (typeof entry.key === 'string') names.ctes.add(entry.key.toLowerCase())
    for (const value of Object.values(n)) if (value && typeof value === 'object') stack.push(value)
  }
  return names
}
