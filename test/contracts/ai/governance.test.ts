import { parseEther, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import {
  type AiStack,
  balanceOf,
  contribute,
  createDatanet,
  deployAiStack,
  type Model,
  modelFundAbi,
  policyRegistryAbi,
  read,
  registerModel,
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

const policyCall = (functionName: string, args: readonly unknown[], from = 0) =>
  write(chain, chain.wallets[from], { address: stack.policy, abi: policyRegistryAbi, functionName, args })

describe('PolicyRegistry', () => {
  it('emits the default policies from its initializer (in the proxy deployment), so the policy in force is known from block 0', async () => {
    const logs = await chain.publicClient.getContractEvents({
      address: stack.policy,
      abi: policyRegistryAbi,
      fromBlock: 0n,
    })
    expect(logs.map((l) => [l.eventName, l.args])).toEqual([
      ['Upgraded', { implementation: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/) }],
      [
        'OwnershipTransferred',
        { previousOwner: '0x0000000000000000000000000000000000000000', newOwner: chain.accounts[0] },
      ],
      [
        'FeePolicyUpdated',
        { protocolBps: 1000, modelOwnerBps: 2000, stakersBps: 2000, contributorsBps: 5000 },
      ],
      [
        'AttributionPolicyUpdated',
        { method: 'tracin-cp-last-layer-cosine', topK: 10, minWeightPpm: 0, auditTolerancePpm: 1000 },
      ],
      ['UpstreamSharePolicyUpdated', { upstreamShareBps: 2000 }],
      ['Initialized', { version: 1n }],
    ])
  })

  it('only the owner (timelock) changes the policies, and they must be well formed', async () => {
    await expectRevert(policyCall('setFeePolicy', [0, 0, 0, 10_000], 1), 'OwnableUnauthorizedAccount')
    await expectRevert(policyCall('setAttributionPolicy', ['x', 5, 0, 0], 1), 'OwnableUnauthorizedAccount')
    await expectRevert(policyCall('setFeePolicy', [1000, 2000, 2000, 4999]), 'FeeBpsSumInvalid')
    await expectRevert(policyCall('setFeePolicy', [65_535, 65_535, 0, 0]), 'FeeBpsSumInvalid')
    await expectRevert(policyCall('setAttributionPolicy', ['', 5, 0, 0]), 'EmptyAttributionMethod')
    await expectRevert(policyCall('setAttributionPolicy', ['x', 0, 0, 0]), 'InvalidTopK')
    await expectRevert(policyCall('setAttributionPolicy', ['x', 257, 0, 0]), 'InvalidTopK')
    await expectRevert(policyCall('setAttributionPolicy', ['x', 5, 1_000_001, 0]), 'PpmOutOfRange')

    const { receipt } = await policyCall('setFeePolicy', [500, 2500, 1000, 6000])
    expect(parseEventLogs({ abi: policyRegistryAbi, logs: receipt.logs })[0].args).toEqual({
      protocolBps: 500,
      modelOwnerBps: 2500,
      stakersBps: 1000,
      contributorsBps: 6000,
    })
    await policyCall('setAttributionPolicy', ['span-match', 20, 100, 5000])
    expect(
      await read(chain, { address: stack.policy, abi: policyRegistryAbi, functionName: 'feePolicy' }),
    ).toEqual([500, 2500, 1000, 6000])
    expect(
      await read(chain, { address: stack.policy, abi: policyRegistryAbi, functionName: 'attributionPolicy' }),
    ).toEqual({
      method: 'span-match',
      topK: 20,
      minWeightPpm: 100,
      auditTolerancePpm: 5000,
    })
  })
})

describe('ModelFund', () => {
  let model: Model
  beforeAll(async () => {
    const d = await createDatanet(stack, chain.wallets[1])
    await review([await contribute(d, chain.wallets[2], 'grant data')])
    await seal(d)
    model = await registerModel(stack, chain.wallets[3], { trainedOn: [{ datanet: d, version: 1 }] })
    await chain.wallets[0].sendTransaction({ to: stack.fund, value: parseEther('10') })
  })

  const fund = (amount: bigint, from = 0, modelId = model.id) =>
    write(chain, chain.wallets[from], {
      address: stack.fund,
      abi: modelFundAbi,
      functionName: 'fundModel',
      args: [modelId, amount, 'proposal 1: spam classifier grant'],
    })

  it('pays the current owner of the model and emits ModelFunded', async () => {
    const before = await balanceOf(stack, chain.accounts[3])
    const { receipt } = await fund(parseEther('2'))
    expect((await balanceOf(stack, chain.accounts[3])) - before).toBe(parseEther('2'))
    expect(
      parseEventLogs({ abi: modelFundAbi, logs: receipt.logs, eventName: 'ModelFunded' })[0].args,
    ).toEqual({
      modelId: model.id,
      recipient: chain.accounts[3],
      amount: parseEther('2'),
      memo: 'proposal 1: spam classifier grant',
    })
    expect(await balanceOf(stack, stack.fund)).toBe(parseEther('8'))
  })

  it('only the owner (timelock) can fund, within the balance, a model that exists', async () => {
    await expectRevert(fund(1n, 3), 'OwnableUnauthorizedAccount')
    await expectRevert(fund(0n), 'ZeroAmount')
    await expectRevert(fund(parseEther('9')), 'InsufficientFunds')
    await expectRevert(fund(1n, 0, 999n), 'UnknownModel')
  })
})
