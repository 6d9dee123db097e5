/**
 * Text PostgreSQL stores as is, and the escape for text it cannot store.
 *
 * PostgreSQL rejects NUL in `text` (and `\u0000` in `jsonb`), rejects a lone UTF-16 surrogate in
 * `jsonb`, and node-postgres silently turns one into U+FFFD in `text`. The ABI decoder turns bytes
 * that are not UTF-8 into U+FFFD, losing them. Such a value is stored escaped, reversibly:
 *
 * - `\` becomes `\\`;
 * - NUL and every byte that is not part of a valid UTF-8 sequence become `\xNN` (two lowercase hex
 *   digits);
 * - a lone surrogate (only text that did not come from bytes can hold one) becomes `\uDXXX`.
 *
 * Only values that need it are escaped (an IndexingAnomaly of kind SANITISED_VALUE says which), so
 * ordinary text, backslashes included, is stored exactly as emitted.
 */

/**
 * Any character that needs a closer look: NUL, a surrogate (paired or not) or U+FFFD (what the
 * decoder leaves for bytes that are not UTF-8). One test of this decides the common case.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what PostgreSQL rejects
export const SUSPECT_TEXT = /[\u0000\ud800-\udfff\ufffd]/

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what PostgreSQL rejects
const TO_ESCAPE = /\\|\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * Whether PostgreSQL stores `s` unchanged in `text` and `jsonb` (no NUL, no lone surrogate).
 *
 * @example
 * isStorableText('evil\u0000name') // false
 */
export function isStorableText(s: string): boolean {
  return !SUSPECT_TEXT.test(s) || (!s.includes('\u0000') && !LONE_SURROGATE.test(s))
}

/**
 * `s` with its backslashes doubled, NUL as `\x00` and lone surrogates as `\uDXXX`.
 *
 * @example
 * escapeText('evil\u0000name') // 'evil\\x00name'
 */
export function escapeText(s: string): string {
  return s.replace(TO_ESCAPE, (ch) =>
    ch === '\\' ? '\\\\' : ch === '\u0000' ? '\\x00' : `\\u${ch.charCodeAt(0).toString(16)}`,
  )
}

const fatal = new TextDecoder('utf-8', { fatal: true })

/**
 * The text of UTF-8 `bytes` with every byte outside a valid sequence (and NUL) as `\xNN` and
 * backslashes doubled: what the decoder's lossy U+FFFD replacement would have lost.
 *
 * @example
 * escapeUtf8Bytes(Uint8Array.of(0x61, 0xff, 0x5c)) // 'a\\xff\\\\'
 */
export function escapeUtf8Bytes(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    let ch: string | undefined
    if (len === 1) ch = String.fromCharCode(b)
    else if (len > 1 && i + len <= bytes.length) {
      try {
        ch = fatal.decode(bytes.subarray(i, i + len))
      } catch {
        ch = undefined
      }
    }
    if (ch === undefined || ch === '\u0000') {
      out += `\\x${b.toString(16).padStart(2, '0')}`
      i += 1
    } else {
      out += ch === '\\' ? '\\\\' : ch
      i += len
    }
  }
  return out
}

/**
 * The bytes of `s` as emitted, 0x hex: UTF-8, a lone surrogate as its three WTF-8 bytes.
 *
 * @example
 * textBytesHex('a\u0000') // '0x6100'
 */
export function textBytesHex(s: string): string {
  if (!LONE_SURROGATE.test(s)) return `0x${Buffer.from(s, 'utf8').toString('hex')}`
  let hex = '0x'
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number
    if (cp >= 0xd800 && cp <= 0xdfff)
      hex += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('')
    else hex += Buffer.from(ch, 'utf8').toString('hex')
  }
  return hex
}
