/**
 * Zips positional rows with column names.
 *
 * @example
 * toRecords([[1, 'a']], ['n', 's']) // [{ n: 1, s: 'a' }]
 */
export function toRecords(rows: unknown[][], names: string[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])))
}
