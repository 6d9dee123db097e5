import { escapeText, escapeUtf8Bytes, isStorableText, SUSPECT_TEXT, textBytesHex } from './storableText'

/** One value changed so that PostgreSQL can store it. */
export type SanitisedValue = {
  /** Path of the value in the decoded object, e.g. `name`, `tags[2]`, `args.memo`. */
  field: string
  /** What was wrong with it, for the anomaly's message. */
  problem: string
  /** The value as emitted: text as 0x hex of its bytes, numbers in decimal. */
  original: string
}

/** The range of an `Int` column (PostgreSQL int4). */
export const INT_MIN = -2_147_483_648
export const INT_MAX = 2_147_483_647

export type SanitiseOptions = {
  /**
   * Clamp numbers to the Int range. Decoded event numbers are ABI uint8/16/32 values and every one
   * lands in an Int (int4) column; a uint32 above 2^31 - 1 would fail the whole batch's write.
   * @default false
   */
  clampInts?: boolean
  /**
   * The raw bytes (0x hex) of the text values, in the same shape as `value`, for text that holds
   * U+FFFD: only then can the decoder's lossy replacement be told from a U+FFFD that was emitted.
   * Called at most once, and only when some text holds U+FFFD.
   */
  rawText?: () => unknown
}

/**
 * Makes every string and number in `value` (a decoded event, decoded call arguments) storable, in
 * place: text that holds NUL, lone surrogates or bytes that were not UTF-8 is escaped
 * ({@link escapeText}, {@link escapeUtf8Bytes}); with `clampInts`, numbers are clamped to the Int
 * range. Returns what was changed (empty for the common case, which costs one regex test per string).
 *
 * @example
 * const e = { name: 'evil\u0000name' }
 * sanitiseValues(e) // [{ field: 'name', problem: 'NUL', original: '0x6576696c006e616d65' }]
 * e.name // 'evil\\x00name'
 */
export function sanitiseValues(value: Record<string, unknown>, opts: SanitiseOptions = {}): SanitisedValue[] {
  const out: SanitisedValue[] = []
  let raw: unknown
  let rawLoaded = false
  const rawAt = (path: (string | number)[]): string | undefined => {
    if (!rawLoaded) {
      rawLoaded = true
      try {
        raw = opts.rawText?.()
      } catch {
        raw = undefined
      }
    }
    let v = raw
    for (const k of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[k]
    return typeof v === 'string' ? v : undefined
  }

  // `parent` is the path of the container; the value's own path is built only when needed.
  const visit = (
    container: Record<string | number, unknown>,
    key: string | number,
    parent: (string | number)[],
  ) => {
    const v = container[key]
    if (typeof v === 'string') {
      if (!SUSPECT_TEXT.test(v)) return
      const path = [...parent, key]
      if (v.includes('\ufffd')) {
        const rawHex = rawAt(path)
        const bytes = rawHex === undefined ? undefined : Buffer.from(rawHex.slice(2), 'hex')
        if (bytes && !bytes.equals(Buffer.from(v, 'utf8'))) {
          container[key] = escapeUtf8Bytes(bytes)
          out.push({
            field: fieldName(path),
            problem: 'bytes that are not UTF-8',
            original: rawHex as string,
          })
          return
        }
      }
      if (isStorableText(v)) return
      container[key] = escapeText(v)
      const problem = v.includes('\u0000') ? 'NUL' : 'a lone surrogate'
      out.push({ field: fieldName(path), problem, original: textBytesHex(v) })
    } else if (typeof v === 'number') {
      if (!opts.clampInts || (v >= INT_MIN && v <= INT_MAX)) return
      container[key] = v > INT_MAX ? INT_MAX : INT_MIN
      out.push({
        field: fieldName([...parent, key]),
        problem: 'a number beyond the Int range',
        original: String(v),
      })
    } else if (Array.isArray(v)) {
      const path = [...parent, key]
      for (let i = 0; i < v.length; i++) visit(v as unknown as Record<number, unknown>, i, path)
    } else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
      const path = [...parent, key]
      for (const k of Object.keys(v)) visit(v as Record<string, unknown>, k, path)
    }
  }
  for (const k of Object.keys(value)) visit(value, k, [])
  return out
}

function fieldName(path: (string | number)[]): string {
  let s = ''
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${k}` : k
  return s
}
