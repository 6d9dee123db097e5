import type { Json } from '@duckdb/node-api'
import type { SqlResult } from './runReadOnlySql'

/** How an answer is written out. */
export type SqlFormat = 'json' | 'csv' | 'table'

/**
 * Writes a query's answer as RFC 4180 CSV (header line, CRLF, fields quoted when they hold a
 * comma, quote or line break; NULL as an empty field; lists and structs as JSON text), as an
 * aligned text table (`table`, for terminals), or as JSON `{columns, rows}`.
 *
 * @example
 * formatSqlResult({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [['3']], bytes: 7, elapsedMs: 1 }, 'csv') // 'n\r\n3\r\n'
 */
export function formatSqlResult(result: SqlResult, format: SqlFormat): string {
  if (format === 'json') return JSON.stringify({ columns: result.columns, rows: result.rows })
  const header = result.columns.map((c) => c.name)
  const body = result.rows.map((row) => row.map(cellText))
  if (format === 'csv')
    return `${[header, ...body].map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`
  return textTable(header, body)
}

function cellText(value: Json): string {
  if (value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function textTable(header: string[], body: string[][]): string {
  const oneLine = (s: string) => s.replace(/\r?\n/g, '⏎')
  const lines = [header, ...body].map((l) => l.map(oneLine))
  const widths = header.map((_, i) => Math.max(...lines.map((l) => [...l[i]].length)))
  const fmt = (l: string[]) => l.map((cell, i) => cell + ' '.repeat(widths[i] - [...cell].length)).join(' | ')
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-')
  const count = `(${body.length} row${body.length === 1 ? '' : 's'})`
  return `${[fmt(lines[0]), rule, ...lines.slice(1).map(fmt), count].join('\n')}\n`
}
