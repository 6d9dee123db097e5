import { type MirroredColumn, type MirroredTable, OVERFLOW_SUFFIX } from './mirroredTables'
import { ident } from './sqlNames'

const DUCK_TYPES: Record<MirroredColumn['kind'], string> = {
  integer: 'INTEGER',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  timestamptz: 'TIMESTAMPTZ',
  // Exact to ±1.7e38 (every OPEN amount by far); larger uint256 values are NULL here and kept,
  // as text, in `<column>__overflow`. SUM over HUGEINT raises on overflow instead of wrapping.
  numeric: 'HUGEINT',
  json: 'JSON',
  'text[]': 'VARCHAR[]',
  'integer[]': 'INTEGER[]',
  text: 'VARCHAR',
}

/**
 * `CREATE TABLE` for a mirrored table: the PostgreSQL columns in their order with DuckDB types,
 * then one `<numeric column>__overflow` VARCHAR per numeric column.
 *
 * @example
 * await conn.run(createTableSql(table))
 */
export function createTableSql(table: MirroredTable): string {
  const cols = table.columns.map((c) => `${ident(c.name)} ${DUCK_TYPES[c.kind]}`)
  const overflow = table.columns
    .filter((c) => c.kind === 'numeric')
    .map((c) => `${ident(c.name + OVERFLOW_SUFFIX)} VARCHAR`)
  return `CREATE TABLE ${ident(table.name)} (${[...cols, ...overflow].join(', ')})`
}

/**
 * The select list PostgreSQL's COPY sends: each column in a text form DuckDB parses back
 * exactly (arrays and JSON as JSON text; timestamps in ISO with the session in UTC).
 *
 * @example
 * `COPY (SELECT ${pgSelectList(table, 't')} FROM account t) TO STDOUT`
 */
export function pgSelectList(table: MirroredTable, alias: string): string {
  return table.columns
    .map((c) => {
      const col = `${alias}.${ident(c.name)}`
      if (c.kind === 'text[]' || c.kind === 'integer[]') return `array_to_json(${col})::text`
      if (c.kind === 'json') return `${col}::text`
      return col
    })
    .join(', ')
}

/**
 * The select list that turns the all-VARCHAR staging columns `c0..cN` into the table's columns,
 * in `createTableSql` order. A numeric that is not an integer within HUGEINT's range becomes NULL
 * with its text in the overflow column: never a rounded or wrapped number.
 *
 * @example
 * `INSERT INTO account SELECT ${duckConvertList(table)} FROM staged`
 */
export function duckConvertList(table: MirroredTable): string {
  const fits = (v: string) =>
    `(regexp_full_match(${v}, '-?[0-9]+') AND TRY_CAST(${v} AS HUGEINT) IS NOT NULL)`
  const exprs = table.columns.map((c, i) => {
    const v = `c${i}`
    switch (c.kind) {
      case 'numeric':
        return `CASE WHEN ${fits(v)} THEN CAST(${v} AS HUGEINT) END`
      case 'text':
        return v
      case 'json':
        return `CAST(${v} AS JSON)`
      case 'text[]':
      case 'integer[]':
        return `CAST(CAST(${v} AS JSON) AS ${DUCK_TYPES[c.kind]})`
      default:
        return `CAST(${v} AS ${DUCK_TYPES[c.kind]})`
    }
  })
  const overflow = table.columns.flatMap((c, i) =>
    c.kind === 'numeric' ? [`CASE WHEN NOT ${fits(`c${i}`)} THEN c${i} END`] : [],
  )
  return [...exprs, ...overflow].join(', ')
}
