import { DecimalValue } from '../scalars/BigDecimalScalar'

/**
 * Positional parameters of one SQL statement plus unique table aliases. Values are converted to
 * what node-postgres sends unchanged: bigint and decimals as text, dates as ISO strings.
 *
 * @example
 * const p = new SqlParams()
 * p.add(5n) // '$1'
 */
export class SqlParams {
  readonly values: unknown[] = []
  #aliases = 0

  add(value: unknown): string {
    if (value instanceof DecimalValue) return `${this.push(value.text)}::numeric`
    if (typeof value === 'bigint') return this.push(value.toString())
    if (value instanceof Date) return this.push(value.toISOString())
    if (Array.isArray(value)) return this.push(value.map((v) => (typeof v === 'bigint' ? v.toString() : v)))
    return this.push(value)
  }

  /** A JSON value compared with a jsonb column. */
  addJson(value: unknown): string {
    return `${this.push(JSON.stringify(value))}::jsonb`
  }

  alias(table: string): string {
    return `${table.slice(0, 40)}_${++this.#aliases}`
  }

  private push(v: unknown): string {
    this.values.push(v)
    return `$${this.values.length}`
  }
}

/**
 * Quotes an identifier for PostgreSQL.
 *
 * @example
 * ident('order') // '"order"'
 */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
