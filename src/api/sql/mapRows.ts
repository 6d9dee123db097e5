import type { FieldReq } from './ir'

/**
 * Turns positional SQL rows (and nested JSON arrays) into records the GraphQL resolvers read:
 * columns under the field name, relations under their response alias.
 *
 * @example
 * mapRows([[ '1', 'spam' ]], fields) // [{ id: '1', name: 'spam' }]
 */
export function mapRows(rows: unknown[][], fields: FieldReq[]): Record<string, unknown>[] {
  return rows.map((row) => mapRow(row, fields))
}

function mapRow(row: unknown[], fields: FieldReq[]): Record<string, unknown> {
  const rec: Record<string, unknown> = {}
  for (const f of fields) {
    const v = row[f.index]
    if (f.kind === 'column') rec[f.field] = v
    else if (f.kind === 'ref') rec[f.alias] = v == null ? null : mapRow(row, f.children)
    else rec[f.alias] = v == null ? [] : mapRows(v as unknown[][], f.children)
  }
  return rec
}
