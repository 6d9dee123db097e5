import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dollarQuote } from './writeScript'

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
