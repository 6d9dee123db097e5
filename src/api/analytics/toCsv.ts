import type { DashboardColumn } from './dashboardQueries'
import type { DashboardRow } from './runDashboardQuery'

/**
 * Rows as CSV (RFC 4180: header line, CRLF, fields with a comma, quote or line break quoted).
 * Text from the chain that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
 * CR, e.g. a datanet named `=HYPERLINK(…)`) gets a leading apostrophe; numbers are left alone.
 *
 * @example
 * toCsv([{ name: 'kind', field: 'kind', kind: 'text' }], [{ kind: 'protocol' }]) // 'kind\r\nprotocol\r\n'
 */
export function toCsv(columns: DashboardColumn[], rows: DashboardRow[]): string {
  const lines = [columns.map((c) => field(c.name)).join(',')]
  for (const row of rows)
    lines.push(
      columns
        .map((c) => {
          const v = row[c.name]
          if (v === null || v === undefined) return ''
          const s = String(v)
          return field(c.kind === 'text' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s)
        })
        .join(','),
    )
  return `${lines.join('\r\n')}\r\n`
}

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}
