import { describe, expect, it } from 'vitest'
import { firstDifference } from './firstDifference'

describe('firstDifference', () => {
  const reference = {
    fee: 10n,
    validator: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
    rewards: [
      { contributionId: 1n, amount: 4n },
      { contributionId: 2n, amount: 6n },
    ],
  }

  it('finds nothing between equal values, whatever the letter case of an address', () => {
    expect(
      firstDifference({ ...reference, validator: reference.validator.toLowerCase() }, reference, 'record'),
    ).toBe(undefined)
  })

  it('names the first differing field by its path', () => {
    const file = structuredClone(reference)
    file.rewards[1].amount = 7n
    expect(firstDifference(file, reference, 'record')).toEqual({
      path: 'record.rewards[1].amount',
      file: '7',
      reference: '6',
    })
  })

  it('names missing entries and fields the reference does not have', () => {
    expect(
      firstDifference({ ...reference, rewards: reference.rewards.slice(0, 1) }, reference, 'record'),
    ).toEqual({
      path: 'record.rewards',
      file: '1 entries',
      reference: '2 entries',
    })
    expect(firstDifference({ ...reference, note: 'x' }, reference, 'record')).toEqual({
      path: 'record.note',
      file: '"x"',
      reference: '(absent)',
    })
  })

  it('sees prototype-named keys of a hostile file as its own: "constructor", "__proto__", "toString"', () => {
    const ref = { fee: '10', validator: reference.validator }
    // JSON.parse makes each of these an own data property, as a downloaded file would have them.
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const file = JSON.parse(`{"fee":"10","validator":"${reference.validator}","${key}":{"x":1}}`)
      expect(firstDifference(file, ref, 'record')).toEqual({
        path: `record.${key}`,
        file: '{"x":1}',
        reference: '(absent)',
      })
    }
    // A reference field named like a prototype member, absent from the file, is absent: not Object's.
    const named = JSON.parse('{"constructor":"c","__proto__":"p"}') as Record<string, unknown>
    expect(firstDifference({}, named, 'record')).toEqual({
      path: 'record.constructor',
      file: '(absent)',
      reference: '"c"',
    })
    expect(firstDifference({ constructor: 'c' }, named, 'record')).toEqual({
      path: 'record.__proto__',
      file: '(absent)',
      reference: '"p"',
    })
    expect(firstDifference(JSON.parse('{"constructor":"c","__proto__":"p"}'), named, 'record')).toBe(
      undefined,
    )
  })
})
