import type { DashboardRow } from '../../src/api/analytics'

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of cells; written apart
 * from the server's writer so a test checks it.
 *
 * @example
 * parseCsv('a,b\r\n"x,1",2\r\n') // [['a', 'b'], ['x,1', '2']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  if (cell !== '' || row.length) rows.push([...row, cell])
  return rows
}

/**
 * Rows as the CSV cells the server should write: header, then each value as text ('' for null).
 *
 * @example
 * asCsvCells(['a'], [{ a: 1 }]) // [['a'], ['1']]
 */
export function asCsvCells(columns: string[], rows: DashboardRow[]): string[][] {
  return [columns, ...rows.map((r) => columns.map((c) => (r[c] === null ? '' : String(r[c]))))]
}
