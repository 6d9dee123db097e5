import { randomBytes } from 'node:crypto'
import { keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { keccak256Bytes, keccak256Hex } from './keccak256Bytes'

describe('keccak256Bytes', () => {
  // Lengths around the 136-byte rate exercise the sponge's padding edge cases.
  it.each([0, 1, 31, 32, 135, 136, 137, 272, 5000])('equals viem keccak256 for %i bytes', (n) => {
    const bytes = new Uint8Array(randomBytes(n))
    expect(keccak256Hex(bytes)).toBe(keccak256(bytes))
    expect(keccak256Bytes(bytes)).toEqual(keccak256(bytes, 'bytes'))
  })

  it('hashes a known vector', () => {
    expect(keccak256Hex(new Uint8Array())).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    )
  })
})
