/**
 * A quoted SQL identifier (PostgreSQL and DuckDB quote alike).
 *
 * @example
 * ident('to') // '"to"'
 */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * A quoted SQL string literal (standard quoting, valid in PostgreSQL and DuckDB).
 *
 * @example
 * literal("it's") // "'it''s'"
 */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
