import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { events as datanetEvents } from '../abi/DatanetRegistry'
import { events as modelEvents } from '../abi/ModelRegistry'
import { decodeRawText } from './decodeRawText'
import { INT_MAX, sanitiseValues } from './sanitiseValues'
import { escapeText, escapeUtf8Bytes, isStorableText } from './storableText'

/** Inverse of the documented escape, as a reader of the stored text would write it. */
function unescapeToBytes(s: string): Buffer {
  const parts: Buffer[] = []
  let text = ''
  const flush = () => {
    parts.push(Buffer.from(text, 'utf8'))
    text = ''
  }
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      text += s[i]
      continue
    }
    const next = s[i + 1]
    if (next === '\\') {
      text += '\\'
      i += 1
    } else if (next === 'x') {
      flush()
      parts.push(Buffer.from([Number.parseInt(s.slice(i + 2, i + 4), 16)]))
      i += 3
    } else throw new Error(`unexpected escape at ${i}`)
  }
  flush()
  return Buffer.concat(parts)
}

/** An ABI-encoded DatanetCreated log whose name is `name` (raw bytes) and metadata URI `uri`. */
function datanetCreatedLog(name: Buffer, uri = Buffer.from('ipfs://x')) {
  const word = (n: number) => n.toString(16).padStart(64, '0')
  const padded = (b: Buffer) => b.toString('hex').padEnd(Math.ceil(b.length / 32) * 64, '0')
  const nameWords = Math.ceil(name.length / 32)
  const data = `0x${word(64)}${word(64 + 32 + nameWords * 32)}${word(name.length)}${padded(name)}${word(uri.length)}${padded(uri)}`
  return {
    topics: [datanetEvents.DatanetCreated.topic, `0x${word(7)}`, `0x${'00'.repeat(12)}${'ab'.repeat(20)}`],
    data,
  }
}

describe('sanitiseValues', () => {
  it('leaves ordinary values alone, emoji and backslashes included', () => {
    const e = { name: 'spam \\ ham 📧', tags: ['a', 'b'], n: 7, big: 2n ** 255n }
    expect(sanitiseValues(e, { clampInts: true })).toEqual([])
    expect(e).toEqual({ name: 'spam \\ ham 📧', tags: ['a', 'b'], n: 7, big: 2n ** 255n })
  })

  it('escapes NUL and lone surrogates, with the original bytes', () => {
    const e = { name: 'evil\u0000name', tags: ['ok', 'x\ud800y\\'] }
    expect(sanitiseValues(e)).toEqual([
      { field: 'name', problem: 'NUL', original: '0x6576696c006e616d65' },
      { field: 'tags[1]', problem: 'a lone surrogate', original: '0x78eda08079' + '5c' },
    ])
    expect(e).toEqual({ name: 'evil\\x00name', tags: ['ok', 'x\\ud800y\\\\'] })
  })

  it('clamps numbers beyond the Int range only when asked', () => {
    const e = { version: 4_294_967_295, versions: [1, 3_000_000_000] }
    expect(sanitiseValues({ ...e, versions: [...e.versions] })).toEqual([])
    expect(sanitiseValues(e, { clampInts: true }).map((c) => [c.field, c.original])).toEqual([
      ['version', '4294967295'],
      ['versions[1]', '3000000000'],
    ])
    expect(e).toEqual({ version: INT_MAX, versions: [1, INT_MAX] })
  })

  it('recovers bytes that are not UTF-8 from the log, and keeps an emitted U+FFFD', () => {
    const bad = Buffer.from([0x61, 0xff, 0x00, 0xed, 0xa0, 0x80, 0x5c, 0x62])
    const log = datanetCreatedLog(bad)
    const e = datanetEvents.DatanetCreated.decode(log)
    // What the decoder really does: every invalid byte becomes U+FFFD, NUL stays.
    expect(e.name).toBe('a\ufffd\u0000\ufffd\ufffd\ufffd\\b')
    const raw = { rawText: (l: typeof log) => decodeRawText(datanetEvents.DatanetCreated, l) }
    const changed = sanitiseValues(e, raw, log)
    expect(changed).toEqual([
      { field: 'name', problem: 'bytes that are not UTF-8', original: '0x61ff00eda0805c62' },
    ])
    expect(e.name).toBe('a\\xff\\x00\\xed\\xa0\\x80\\\\b')
    expect(unescapeToBytes(e.name)).toEqual(bad)

    const honest = datanetCreatedLog(Buffer.from('replacement \ufffd char', 'utf8'))
    const h = datanetEvents.DatanetCreated.decode(honest)
    expect(sanitiseValues(h, { rawText: () => decodeRawText(datanetEvents.DatanetCreated, honest) })).toEqual(
      [],
    )
    expect(h.name).toBe('replacement \ufffd char')
  })

  it('decodes the raw bytes of any event with string parameters', () => {
    const raw = decodeRawText(modelEvents.ModelRegistered, {
      data: datanetCreatedLog(Buffer.from([0xc3])).data,
    })
    expect(raw).toEqual({ name: '0xc3', metadataURI: `0x${Buffer.from('ipfs://x').toString('hex')}` })
  })

  it('escapes reversibly: any bytes round-trip through escapeUtf8Bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const escaped = escapeUtf8Bytes(bytes)
        expect(isStorableText(escaped)).toBe(true)
        expect(unescapeToBytes(escaped)).toEqual(Buffer.from(bytes))
      }),
      { seed: 13, numRuns: 200 },
    )
  })

  it('escapes every string to storable text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 32 }), (s) => {
        expect(isStorableText(escapeText(s))).toBe(true)
        if (isStorableText(s) && !s.includes('\\')) expect(escapeText(s)).toBe(s)
      }),
      { seed: 13, numRuns: 200 },
    )
  })
})
