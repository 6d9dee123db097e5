import { createHash } from 'node:crypto'
import type pg from 'pg'

/** How a PostgreSQL column is carried into DuckDB. */
export type ColumnKind =
  | 'integer'
  | 'bigint'
  | 'boolean'
  | 'timestamptz'
  | 'numeric'
  | 'json'
  | 'text[]'
  | 'integer[]'
  | 'text'

export type MirroredColumn = { name: string; kind: ColumnKind }

/** A PostgreSQL entity table mirrored in DuckDB under the same name, with the same column names. */
export type MirroredTable = { name: string; columns: MirroredColumn[] }

/** Suffix of the column that keeps a `numeric` value's text when HUGEINT cannot hold it exactly. */
export const OVERFLOW_SUFFIX = '__overflow'

// Not entity tables: the migrations bookkeeping of squid-typeorm-migration.
const SKIPPED = new Set(['migrations'])

const KINDS: Record<string, ColumnKind> = {
  int2: 'integer',
  int4: 'integer',
  int8: 'bigint',
  bool: 'boolean',
  timestamptz: 'timestamptz',
  numeric: 'numeric',
  json: 'json',
  jsonb: 'json',
  _text: 'text[]',
  _varchar: 'text[]',
  _int2: 'integer[]',
  _int4: 'integer[]',
}

/**
 * The entity tables of PostgreSQL's `public` schema (every base table with an `id` column but the
 * migrations table) with their columns in table order, read from the catalog so a migration that
 * adds a table or a column is mirrored without code changes. Anything of an unknown type is carried
 * as its text form.
 *
 * @example
 * const tables = await readMirroredTables(client)
 * tables.find((t) => t.name === 'account')?.columns // [{ name: 'id', kind: 'text' }, ...]
 */
export async function readMirroredTables(client: pg.ClientBase): Promise<MirroredTable[]> {
  const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    `SELECT c.table_name, c.column_name, c.udt_name
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name, c.ordinal_position`,
  )
  const byTable = new Map<string, MirroredColumn[]>()
  for (const r of rows) {
    if (SKIPPED.has(r.table_name)) continue
    const cols = byTable.get(r.table_name) ?? []
    cols.push({ name: r.column_name, kind: KINDS[r.udt_name] ?? 'text' })
    byTable.set(r.table_name, cols)
  }
  return [...byTable]
    .filter(([, cols]) => cols.some((c) => c.name === 'id'))
    .map(([name, columns]) => ({ name, columns }))
}

/**
 * A fingerprint of the mirrored schema: when it changes (a migration), DuckDB is rebuilt.
 *
 * @example
 * if (schemaHash(tables) !== state.schemaHash) fullRebuild()
 */
export function schemaHash(tables: MirroredTable[]): string {
  return createHash('sha256').update(JSON.stringify(tables)).digest('hex').slice(0, 16)
}
