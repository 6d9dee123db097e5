import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonicalJson'
import { EvidenceFormatError } from './errors'

describe('canonicalJson', () => {
  it('sorts keys at every depth, writes bigints as strings and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1n, a: [{ z: 1, y: 'é"' }, null], c: undefined, A: true })).toBe(
      '{"A":true,"a":[{"y":"é\\"","z":1},null],"b":"1"}',
    )
  })

  it('gives the same text for a value and its JSON round trip (bigints as strings)', () => {
    const value = { fee: 10n ** 20n, rewards: [{ weightPpm: 499_999, amount: 3n }], ratio: 0.1 }
    const roundTrip = JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
    expect(canonicalJson(roundTrip)).toBe(canonicalJson(value))
  })

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrowError(EvidenceFormatError)
    expect(() => canonicalJson({ f: () => 1 })).toThrowError('a function has no JSON form')
  })
})
