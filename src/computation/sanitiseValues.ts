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
   * The raw bytes (0x hex) of the text values of `source`, in the same shape as `value`, for text
   * that holds U+FFFD: only then can the decoder's lossy replacement be told from a U+FFFD that was
   * emitted. Called at most once, and only when some text holds U+FFFD.
   */
  rawText?: (source: never) => unknown
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
export function sanitiseValues(
  value: Record<string, unknown>,
  opts: SanitiseOptions = {},
  /** What `opts.rawText` decodes (the log), passed through so the options can be built once. */
  source?: unknown,
): SanitisedValue[] {
  const walk: Walk = { opts, source, out: NONE, raw: undefined, rawLoaded: false, path: [] }
  for (const k in value) visit(walk, value, k)
  return walk.out
}

/** Shared result of the common case: nothing changed, nothing allocated. */
const NONE: SanitisedValue[] = []

/** One walk's state; `path` is the key path of the value being visited (pushed and popped). */
type Walk = {
  opts: SanitiseOptions
  source: unknown
  out: SanitisedValue[]
  raw: unknown
  rawLoaded: boolean
  path: (string | number)[]
}

function visit(w: Walk, container: Record<string | number, unknown>, key: string | number): void {
  const v = container[key]
  if (typeof v === 'string') {
    if (SUSPECT_TEXT.test(v)) sanitiseText(w, container, key, v)
  } else if (typeof v === 'number') {
    if (!w.opts.clampInts || (v >= INT_MIN && v <= INT_MAX)) return
    container[key] = v > INT_MAX ? INT_MAX : INT_MIN
    change(w, key, 'a number beyond the Int range', String(v))
  } else if (Array.isArray(v)) {
    w.path.push(key)
    for (let i = 0; i < v.length; i++) visit(w, v as unknown as Record<number, unknown>, i)
    w.path.pop()
  } else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    w.path.push(key)
    for (const k in v) visit(w, v as Record<string, unknown>, k)
    w.path.pop()
  }
}

/** The rare case: text with NUL, a surrogate or U+FFFD. */
function sanitiseText(
  w: Walk,
  container: Record<string | number, unknown>,
  key: string | number,
  v: string,
): void {
  if (v.includes('\ufffd')) {
    const rawHex = rawAt(w, key)
    const bytes = rawHex === undefined ? undefined : Buffer.from(rawHex.slice(2), 'hex')
    if (rawHex && bytes && !bytes.equals(Buffer.from(v, 'utf8'))) {
      container[key] = escapeUtf8Bytes(bytes)
      change(w, key, 'bytes that are not UTF-8', rawHex)
      return
    }
  }
  if (isStorableText(v)) return
  container[key] = escapeText(v)
  change(w, key, v.includes('\u0000') ? 'NUL' : 'a lone surrogate', textBytesHex(v))
}

/** The raw text (0x hex) at the current path + `key`, decoded on first need. */
function rawAt(w: Walk, key: string | number): string | undefined {
  if (!w.rawLoaded) {
    w.rawLoaded = true
    try {
      w.raw = w.opts.rawText?.(w.source as never)
    } catch {
      w.raw = undefined
    }
  }
  let v = w.raw
  for (const k of [...w.path, key]) v = v == null ? undefined : (v as Record<string | number, unknown>)[k]
  return typeof v === 'string' ? v : undefined
}

function change(w: Walk, key: string | number, problem: string, original: string): void {
  if (w.out === NONE) w.out = []
  w.out.push({ field: fieldName([...w.path, key]), problem, original })
}

function fieldName(path: (string | number)[]): string {
  let s = ''
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${k}` : k
  return s
}
