import { randomBytes } from 'node:crypto'
import { type Address, bytesToHex, encodeAbiParameters, type Hex, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { MerkleInputError } from './errors'
import { contributionLeaf, incrementalMerkleRoot } from './merkle'

const abiLeaf = (id: bigint, who: Address, hash: Hex) =>
  keccak256(
    encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'bytes32' }], [id, who, hash]),
  )

describe('contributionLeaf', () => {
  it('equals keccak256(abi.encode(id, contributor, contentHash))', () => {
    for (const id of [0n, 1n, 255n, 2n ** 64n + 7n, 2n ** 256n - 1n]) {
      const who = bytesToHex(randomBytes(20))
      const hash = bytesToHex(randomBytes(32))
      expect(contributionLeaf(id, who, hash)).toBe(abiLeaf(id, who, hash))
      // Checksummed (mixed-case) addresses encode the same bytes.
      expect(contributionLeaf(id, who.toUpperCase().replace('0X', '0x') as Address, hash)).toBe(
        abiLeaf(id, who, hash),
      )
    }
  })

  it('rejects values abi.encode would reject', () => {
    const who = bytesToHex(randomBytes(20))
    const hash = bytesToHex(randomBytes(32))
    expect(() => contributionLeaf(-1n, who, hash)).toThrow(MerkleInputError)
    expect(() => contributionLeaf(2n ** 256n, who, hash)).toThrow(MerkleInputError)
    expect(() => contributionLeaf(1n, '0x1234', hash)).toThrow(MerkleInputError)
    expect(() => contributionLeaf(1n, who, '0xabcd')).toThrow(MerkleInputError)
  })
})

describe('incrementalMerkleRoot', () => {
  it('changes with any leaf and with the leaf count', () => {
    const leaves = Array.from({ length: 5 }, () => bytesToHex(randomBytes(32)))
    const root = incrementalMerkleRoot(leaves)
    expect(incrementalMerkleRoot([...leaves])).toBe(root)
    expect(incrementalMerkleRoot(leaves.slice(0, 4))).not.toBe(root)
    expect(incrementalMerkleRoot([leaves[1], leaves[0], ...leaves.slice(2)])).not.toBe(root)
  })
})
