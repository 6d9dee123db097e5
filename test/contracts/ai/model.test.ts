import { keccak256, parseEther, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import {
  type AiStack,
  contribute,
  createDatanet,
  type Datanet,
  deployAiStack,
  modelRegistryAbi,
  read,
  registerModel,
  review,
  seal,
  write,
} from './simulate'

let chain: TestChain
let stack: AiStack
let ham: Datanet
let spam: Datanet

beforeAll(async () => {
  chain = await setupChain()
  stack = await deployAiStack(chain)
  ham = await createDatanet(stack, chain.wallets[1], 'ham')
  spam = await createDatanet(stack, chain.wallets[1], 'spam')
  for (const d of [ham, spam]) {
    await review([
      await contribute(d, chain.wallets[2], `${d.id} one`),
      await contribute(d, chain.wallets[3], `${d.id} two`),
    ])
    await seal(d)
  }
  await review([await contribute(ham, chain.wallets[2], 'ham three')])
  await seal(ham) // ham has versions 1 and 2, spam only 1
})
afterAll(async () => {
  await chain?.stop()
})

const call = (functionName: string, args: readonly unknown[], from = 4) =>
  write(chain, chain.wallets[from], { address: stack.models, abi: modelRegistryAbi, functionName, args })

describe('ModelRegistry', () => {
  it('registers a model NFT bound to sealed datanet versions, with price and version 1', async () => {
    const model = await registerModel(stack, chain.wallets[4], {
      trainedOn: [
        { datanet: ham, version: 2 },
        { datanet: spam, version: 1 },
      ],
      price: parseEther('0.5'),
    })
    const view = (functionName: string, args: readonly unknown[]) =>
      read(chain, { address: stack.models, abi: modelRegistryAbi, functionName, args })
    expect(await view('ownerOf', [model.id])).toBe(chain.accounts[4])
    expect(await view('modelInfo', [model.id])).toEqual([parseEther('0.5'), 1])
    expect(await view('modelVersion', [model.id, 1])).toEqual([
      keccak256(toHex('model.onnx')),
      'tracin-cp-last-layer-cosine',
      [ham.id, spam.id],
      [2, 1],
    ])
    expect(await view('trainedOn', [model.id, 1, ham.id])).toBe(2)
    expect(await view('trainedOn', [model.id, 1, 99n])).toBe(0)
  })

  it('only the owner publishes versions and sets the price', async () => {
    const model = await registerModel(stack, chain.wallets[4], { trainedOn: [{ datanet: ham, version: 1 }] })
    const artifact = keccak256(toHex('model-v2.onnx'))
    await expectRevert(call('publishVersion', [model.id, artifact, 'm', [ham.id], [2]], 5), 'NotModelOwner')
    await expectRevert(call('setPrice', [model.id, 1n], 5), 'NotModelOwner')
    const { result } = await call('publishVersion', [model.id, artifact, 'span-match', [ham.id], [2]])
    expect(result).toBe(2)
    await call('setPrice', [model.id, 7n])
    expect(
      await read(chain, {
        address: stack.models,
        abi: modelRegistryAbi,
        functionName: 'modelInfo',
        args: [model.id],
      }),
    ).toEqual([7n, 2])
  })

  it('rejects unsealed versions and malformed training sets with named errors', async () => {
    const a = keccak256(toHex('a'))
    const reg = (
      ids: bigint[],
      versions: number[],
      over: { name?: string; artifact?: `0x${string}`; method?: string } = {},
    ) =>
      call('registerModel', [
        over.name ?? 'm',
        '',
        1n,
        over.artifact ?? a,
        over.method ?? 'tracin',
        ids,
        versions,
      ])
    const cases: [string, () => Promise<unknown>, string][] = [
      ['unsealed version of a datanet', () => reg([spam.id], [2]), 'VersionNotSealed'],
      ['version 0', () => reg([ham.id], [0]), 'VersionNotSealed'],
      ['unknown datanet', () => reg([999n], [1]), 'VersionNotSealed'],
      ['no training data', () => reg([], []), 'NoTrainingData'],
      ['length mismatch', () => reg([ham.id], [1, 2]), 'LengthMismatch'],
      ['the same datanet twice', () => reg([ham.id, ham.id], [1, 2]), 'DuplicateDatanet'],
      ['too many datanets', () => reg(Array(33).fill(ham.id), Array(33).fill(1)), 'TooManyDatanets'],
      ['empty name', () => reg([ham.id], [1], { name: '' }), 'EmptyName'],
      [
        'zero artifact hash',
        () => reg([ham.id], [1], { artifact: `0x${'0'.repeat(64)}` }),
        'ZeroArtifactHash',
      ],
      ['empty attribution method', () => reg([ham.id], [1], { method: '' }), 'EmptyAttributionMethod'],
      [
        'publish on an unknown model',
        () => call('publishVersion', [999n, a, 'm', [ham.id], [1]]),
        'ModelNotFound',
      ],
    ]
    for (const [name, run, error] of cases) {
      await expectRevert(run(), error).catch((e) => {
        throw new Error(`${name}: ${e.message}`)
      })
    }
  })
})
