import { keccak256, toHex, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { incrementalMerkleRoot } from '../../../src/crypto/merkle'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import {
  type AiStack,
  type Contribution,
  contribute,
  createDatanet,
  type Datanet,
  datanetRegistryAbi,
  deployAiStack,
  leafOf,
  read,
  review,
  seal,
  write,
} from './simulate'

let chain: TestChain
let stack: AiStack

beforeAll(async () => {
  chain = await setupChain()
  stack = await deployAiStack(chain)
})
afterAll(async () => {
  await chain?.stop()
})

const merkleRoot = (d: Datanet) =>
  read(chain, { address: stack.datanets, abi: datanetRegistryAbi, functionName: 'merkleRoot', args: [d.id] })
const isInVersion = (c: Contribution, version: number) =>
  read<boolean>(chain, {
    address: stack.datanets,
    abi: datanetRegistryAbi,
    functionName: 'isInVersion',
    args: [c.id, c.datanet.id, version],
  })

describe('DatanetRegistry', () => {
  it('mints a datanet NFT to its creator and numbers contributions globally from 1', async () => {
    const d = await createDatanet(stack, chain.wallets[1], 'ham')
    expect(
      await read(chain, {
        address: stack.datanets,
        abi: datanetRegistryAbi,
        functionName: 'ownerOf',
        args: [d.id],
      }),
    ).toBe(chain.accounts[1])
    const c = await contribute(d, chain.wallets[2], 'first ham email')
    expect(c.id).toBe(1n)
    expect(
      await read(chain, {
        address: stack.datanets,
        abi: datanetRegistryAbi,
        functionName: 'contributionOf',
        args: [c.id],
      }),
    ).toEqual([d.id, chain.accounts[2], c.contentHash, 1]) // 1 = Pending
  })

  it('the on-chain root equals the off-chain incremental root as contributions are accepted', async () => {
    const d = await createDatanet(stack, chain.wallets[1], 'spam')
    const accepted: Contribution[] = []
    let version = 0
    for (const size of [1, 2, 3, 5, 17, 100]) {
      const batch: Contribution[] = []
      for (let i = accepted.length; i < size; i++)
        batch.push(await contribute(d, chain.wallets[2 + (i % 5)], `spam #${i}`))
      await review(batch)
      accepted.push(...batch)
      const expected = incrementalMerkleRoot(accepted.map(leafOf))
      expect(await merkleRoot(d)).toBe(expected)
      const sealed = await seal(d)
      version += 1
      expect(sealed).toEqual({ version, merkleRoot: expected, contributionCount: BigInt(size) })
    }
    // Membership is by acceptance index: a leaf accepted for version 3 (3 leaves) is not in version 2.
    expect(await isInVersion(accepted[2], 2)).toBe(false)
    expect(await isInVersion(accepted[2], 3)).toBe(true)
    expect(await isInVersion(accepted[99], 6)).toBe(true)
    expect(await isInVersion(accepted[0], 7)).toBe(false) // never sealed
  })

  it('rejected and pending contributions are not leaves and are in no version', async () => {
    const d = await createDatanet(stack, chain.wallets[1], 'mixed')
    const [a, b, c] = [
      await contribute(d, chain.wallets[2], 'a'),
      await contribute(d, chain.wallets[3], 'b'),
      await contribute(d, chain.wallets[4], 'c'),
    ]
    await review([a])
    await review([b], false)
    const { merkleRoot: root } = await seal(d)
    expect(root).toBe(incrementalMerkleRoot([leafOf(a)]))
    expect([await isInVersion(a, 1), await isInVersion(b, 1), await isInVersion(c, 1)]).toEqual([
      true,
      false,
      false,
    ])
    const indexOf = (x: Contribution) =>
      read(chain, {
        address: stack.datanets,
        abi: datanetRegistryAbi,
        functionName: 'acceptanceIndexOf',
        args: [x.id],
      })
    expect(await indexOf(a)).toBe(0n)
    await expectRevert(indexOf(b), 'ContributionNotAccepted')
  })

  it('a curator set by the owner may review and seal; others may not', async () => {
    const d = await createDatanet(stack, chain.wallets[1], 'curated')
    const c = await contribute(d, chain.wallets[2], 'curated email')
    await expectRevert(review([c], true, chain.wallets[3]), 'NotCurator')
    await expectRevert(
      write(chain, chain.wallets[3], {
        address: stack.datanets,
        abi: datanetRegistryAbi,
        functionName: 'setCurator',
        args: [d.id, chain.accounts[3], true],
      }),
      'NotDatanetOwner',
    )
    await write(chain, chain.wallets[1], {
      address: stack.datanets,
      abi: datanetRegistryAbi,
      functionName: 'setCurator',
      args: [d.id, chain.accounts[3], true],
    })
    await review([c], true, chain.wallets[3])
    expect((await seal(d, chain.wallets[3])).version).toBe(1)
  })

  it('rejects with named errors', async () => {
    const d = await createDatanet(stack, chain.wallets[1], 'errors')
    const c = await contribute(d, chain.wallets[2], 'dup')
    const call = (functionName: string, args: readonly unknown[], from = 1) =>
      write(chain, chain.wallets[from], {
        address: stack.datanets,
        abi: datanetRegistryAbi,
        functionName,
        args,
      })
    const hash = keccak256(toHex('x'))
    const cases: [string, () => Promise<unknown>, string][] = [
      ['duplicate content in a datanet', () => contribute(d, chain.wallets[3], 'dup'), 'DuplicateContent'],
      ['unknown datanet', () => call('contribute', [999n, hash, 1n, '', []]), 'DatanetNotFound'],
      [
        'zero content hash',
        () => call('contribute', [d.id, `0x${'0'.repeat(64)}`, 1n, '', []]),
        'ZeroContentHash',
      ],
      ['too many tags', () => call('contribute', [d.id, hash, 1n, '', Array(33).fill('t')]), 'TooManyTags'],
      ['empty datanet name', () => call('createDatanet', ['', '']), 'EmptyName'],
      ['unknown contribution', () => call('review', [999n, true]), 'ContributionNotFound'],
      ['batch length mismatch', () => call('reviewBatch', [[c.id], []]), 'LengthMismatch'],
      ['seal with nothing accepted', () => seal(d), 'NothingToSeal'],
      ['seal by a stranger', () => seal(d, chain.wallets[5]), 'NotCurator'],
      [
        'curator of an unknown datanet',
        () => call('setCurator', [999n, zeroAddress, true]),
        'DatanetNotFound',
      ],
    ]
    for (const [, run, error] of cases) await expectRevert(run(), error)

    await review([c])
    await expectRevert(review([c]), 'ContributionNotPending')
    await seal(d)
    await expectRevert(seal(d), 'NothingToSeal') // no new accepted contribution since version 1
  })
})

describe('incrementalMerkleRoot', () => {
  // Reference: the full depth-32 tree defined recursively, with empty subtrees as zero hashes.
  const reference = (leaves: `0x${string}`[]) => {
    const zero: `0x${string}`[] = [`0x${'0'.repeat(64)}`]
    for (let h = 1; h <= 32; h++)
      zero.push(keccak256(`${zero[h - 1]}${zero[h - 1].slice(2)}` as `0x${string}`))
    const node = (h: number, start: number): `0x${string}` => {
      if (start >= leaves.length) return zero[h]
      if (h === 0) return leaves[start]
      const l = node(h - 1, start)
      const r = node(h - 1, start + 2 ** (h - 1))
      return keccak256(`${l}${r.slice(2)}` as `0x${string}`)
    }
    return node(32, 0)
  }

  it('matches the recursive definition of the padded depth-32 tree', () => {
    for (const n of [0, 1, 2, 3, 4, 7, 8, 9, 33, 64, 255]) {
      const leaves = Array.from({ length: n }, (_, i) => keccak256(toHex(`leaf ${i}`)))
      expect(incrementalMerkleRoot(leaves), `n = ${n}`).toBe(reference(leaves))
    }
  })
})
