import { describe, expect, it } from 'vitest'
import { formatOpenAmount } from './formatOpenAmount'

describe('formatOpenAmount', () => {
  it.each([
    [0n, '0'],
    [10n ** 18n, '1'],
    [1_500_000_000_000_000_000n, '1.5'],
    [1n, '0.000000000000000001'],
    [-(10n ** 18n), '-1'],
  ])('%s wei is %s OPEN', (wei, text) => {
    expect(formatOpenAmount(wei)).toBe(text)
  })
})
