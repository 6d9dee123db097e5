import { EvidenceFormatError } from './errors'

/**
 * The canonical JSON text of a value, so that a signer and a verifier who parsed the same document
 * hash the same bytes: object keys sorted by UTF-16 code units (as RFC 8785 does), no whitespace,
 * bigints as decimal strings, strings and numbers as `JSON.stringify` writes them (numbers in their
 * shortest round-trip form). `undefined` object members are left out, as JSON has none.
 *
 * @throws {EvidenceFormatError} on a value JSON cannot carry (a non-finite number, a function).
 * @example
 * canonicalJson({ b: 1n, a: [true, 'x'] }) // '{"a":[true,"x"],"b":"1"}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new EvidenceFormatError(`${value} has no JSON form`)
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new EvidenceFormatError(`a ${typeof value} has no JSON form`)
}
