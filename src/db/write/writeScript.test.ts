import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { copyRows, dollarQuote } from './writeScript'

/** The literal's text as PostgreSQL's lexer reads it: up to the first occurrence of the opening tag. */
function lexed(literal: string): string {
  const tag = /^\$v\d*\$/.exec(literal)?.[0] as string
  const end = literal.indexOf(tag, tag.length)
  expect(end + tag.length).toBe(literal.length)
  return literal.slice(tag.length, end)
}

describe('dollarQuote', () => {
  it('closes exactly at the end, whatever tags the text holds or ends with', () => {
    for (const text of ['', 'a', '$v$', '$v', 'x$v0', '$v$$v0$$v1', '$$v$$', 'a$v1$b$v$'])
      expect(lexed(dollarQuote(text))).toBe(text)
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('$', 'v', '0', '1', 'x', '$v$', '$v0$'), { maxLength: 30 }),
        (parts) => {
          const text = parts.join('')
          expect(lexed(dollarQuote(text))).toBe(text)
        },
      ),
      { seed: 13, numRuns: 500 },
    )
  })

  it('quotes text holding 100k tags in one pass', () => {
    let text = '$v$'
    for (let i = 0; i < 100_000; i++) text += `$v${i}$`
    const literal = dollarQuote(text)
    expect(literal.startsWith('$v100000$')).toBe(true)
    expect(lexed(literal)).toBe(text)
  })
})

/** COPY text as PostgreSQL's documentation states it, one cell at a time. */
function referenceCopy(cells: (string | null)[][]): string {
  const rows = cells[0]?.length ?? 0
  let out = ''
  for (let r = 0; r < rows; r++) {
    const line = cells.map((column) => {
      const v = column[r]
      if (v === null) return '\\N'
      return [...v].map((ch) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[ch] ?? ch).join('')
    })
    out += `${line.join('\t')}\n`
  }
  return out
}

describe('copyRows', () => {
  it('writes every row as COPY text: escapes, nulls, non-ASCII and values longer than the first row', () => {
    const cell = fc.option(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ unit: fc.constantFrom('\\', '\n', '\r', '\t', 'a', 'é', '€', '😀'), maxLength: 300 }),
      ),
      { nil: null },
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((columns) =>
          fc.integer({ min: 0, max: 30 }).chain((rows) =>
            fc.array(fc.array(cell, { minLength: rows, maxLength: rows }), {
              minLength: columns,
              maxLength: columns,
            }),
          ),
        ),
        (cells) => {
          expect(copyRows(cells).toString('utf8')).toBe(referenceCopy(cells))
        },
      ),
      { seed: 7, numRuns: 500 },
    )
  })

  it('grows past its first-row estimate (one short row, then a 1 MB value)', () => {
    const big = 'x'.repeat(1 << 20)
    const cells = [['a', big, '€'.repeat(1000)]]
    expect(copyRows(cells).toString('utf8')).toBe(`a\n${big}\n${'€'.repeat(1000)}\n`)
  })
})
