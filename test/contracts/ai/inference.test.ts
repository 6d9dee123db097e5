import { type Address, encodeFunctionData, getAddress, parseEther, parseEventLogs } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import { buildMarket, type Market } from './fixture'
import {
  balanceOf,
  type Contribution,
  createDatanet,
  datanetRegistryAbi,
  expectedSplit,
  fulfil,
  inferenceRouterAbi,
  modelRegistryAbi,
  policyRegistryAbi,
  read,
  requestInference,
  review,
  seal,
  settle,
  wopenBalanceOf,
  write,
} from './simulate'

let chain: TestChain
let m: Market
let snapshot: `0x${string}`

beforeAll(async () => {
  chain = await setupChain()
  // The token side's WOPEN (not the mock): the stakers' share goes through the real wrapper.
  m = await buildMarket(chain, { wopen: await chain.deploy('WOPEN') })
  snapshot = await chain.testClient.snapshot()
})
beforeEach(async () => {
  // Every test starts from the freshly built market (evm_revert consumes the snapshot: take a new one).
  await chain.testClient.revert({ id: snapshot })
  snapshot = await chain.testClient.snapshot()
})
afterAll(async () => {
  await chain?.stop()
})

/** Native balances of `addresses` plus the bank's WOPEN balance, as one comparable record. */
async function balances(addresses: Address[]) {
  const native = await Promise.all(addresses.map((a) => balanceOf(m.stack, a)))
  return { native, bankWopen: await wopenBalanceOf(m.stack, m.stack.stakingRewardsBank) }
}

describe('InferenceRouter: request → fulfil → settle', () => {
  it('pays treasury, model owner, stakers (as WOPEN) and every contributor, exactly the fee', async () => {
    const fee = parseEther('1') + 7n // odd wei: the floors leave dust
    await write(chain, m.modelOwner, {
      address: m.stack.models,
      abi: modelRegistryAbi,
      functionName: 'setPrice',
      args: [m.model.id, fee],
    })
    const inference = await requestInference({ ...m.model, price: fee }, m.caller, 'win a prize!!!')
    expect(await balanceOf(m.stack, m.stack.router)).toBe(fee) // escrowed
    await fulfil(inference, 'spam')

    // trained[0] and trained[5] have the same contributor (wallet 2): paid once per contribution.
    const weights: [Contribution, number][] = [
      [m.trained[0], 400_000],
      [m.trained[5], 100_000],
      [m.trained[7], 333_333],
      [m.trained[11], 166_667],
    ]
    const contributors = [...new Set(weights.map(([c]) => c.contributor.account.address))]
    const parties = [m.stack.treasury, m.modelOwner.account.address, ...contributors]
    const before = await balances(parties)
    const { settled, rewards } = await settle(inference, m.validator, weights)
    const after = await balances(parties)

    const want = expectedSplit(
      fee,
      [1000, 2000, 2000, 5000],
      weights.map(([, w]) => w),
    )
    expect(settled).toMatchObject({
      protocolAmount: want.protocol,
      modelOwnerAmount: want.modelOwner,
      stakersAmount: want.stakers,
      contributorsAmount: want.contributors,
      dust: want.dust,
    })
    expect(want.dust).toBeGreaterThan(0n)
    expect(rewards.map((r) => r.amount)).toEqual(want.rewards)
    const delta = after.native.map((b, i) => b - before.native[i])
    const perContributor = contributors.map((a) =>
      rewards.filter((r) => r.contributor === a).reduce((s, r) => s + r.amount, 0n),
    )
    expect(delta).toEqual([want.protocol + want.dust, want.modelOwner, ...perContributor])
    expect(after.bankWopen - before.bankWopen).toBe(want.stakers)
    expect(delta.reduce((a, b) => a + b, 0n) + want.stakers).toBe(fee)
    expect(await balanceOf(m.stack, m.stack.router)).toBe(0n)
  })

  it('splits by the fee policy in force at settlement, and pays whoever owns the model then', async () => {
    const inference = await requestInference(m.model, m.caller)
    await fulfil(inference)
    await write(chain, m.stack.governor, {
      address: m.stack.policy,
      abi: policyRegistryAbi,
      functionName: 'setFeePolicy',
      args: [0, 10_000, 0, 0],
    })
    const buyer = chain.wallets[10]
    await write(chain, m.modelOwner, {
      address: m.stack.models,
      abi: modelRegistryAbi,
      functionName: 'transferFrom',
      args: [m.modelOwner.account.address, buyer.account.address, m.model.id],
    })
    const before = await balanceOf(m.stack, buyer.account.address)
    const { settled } = await settle(inference, m.validator, [[m.trained[0], 1_000_000]])
    expect(settled).toMatchObject({
      modelOwnerAmount: inference.fee,
      protocolAmount: 0n,
      contributorsAmount: 0n,
    })
    expect((await balanceOf(m.stack, buyer.account.address)) - before).toBe(inference.fee)
  })

  it('credits a recipient that rejects native OPEN in `owed` instead of blocking settlement', async () => {
    const rejecting = getAddress(await chain.deploy('RejectingRecipient'))
    const execute = (target: Address, data: `0x${string}`) =>
      write(chain, chain.wallets[11], {
        address: rejecting,
        abi: [
          {
            type: 'function',
            name: 'execute',
            stateMutability: 'nonpayable',
            inputs: [
              { name: 'target', type: 'address' },
              { name: 'data', type: 'bytes' },
            ],
            outputs: [{ name: '', type: 'bytes' }],
          },
        ],
        functionName: 'execute',
        args: [target, data],
      })
    const d = await createDatanet(m.stack, m.modelOwner, 'phishing')
    const contentHash = `0x${'ab'.repeat(32)}` as const
    const submitted = await execute(
      m.stack.datanets,
      encodeFunctionData({
        abi: datanetRegistryAbi,
        functionName: 'contribute',
        args: [d.id, contentHash, 10n, '', []],
      }),
    )
    const [{ args: event }] = parseEventLogs({
      abi: datanetRegistryAbi,
      logs: submitted.receipt.logs,
      eventName: 'ContributionSubmitted',
    })
    // The contributor of record is the contract; the wallet field only matters to leafOf, unused here.
    const fromContract = { datanet: d, id: event.contributionId, contributor: m.outsider, contentHash }
    const [, contributor] = await read<[bigint, Address]>(chain, {
      address: m.stack.datanets,
      abi: datanetRegistryAbi,
      functionName: 'contributionOf',
      args: [fromContract.id],
    })
    expect(contributor).toBe(rejecting)
    await review([fromContract])
    await seal(d)
    await write(chain, m.modelOwner, {
      address: m.stack.models,
      abi: modelRegistryAbi,
      functionName: 'publishVersion',
      args: [m.model.id, `0x${'cd'.repeat(32)}`, 'tracin-cp-last-layer-cosine', [m.ham.id, d.id], [1, 1]],
    })
    const inference = await requestInference(m.model, m.caller)
    await fulfil(inference)
    const { deferred, rewards } = await settle(inference, m.validator, [
      [fromContract.id, 600_000],
      [m.trained[0], 400_000],
    ])
    expect(deferred).toEqual([{ recipient: rejecting, amount: rewards[0].amount }])
    const owed = () =>
      read<bigint>(chain, {
        address: m.stack.router,
        abi: inferenceRouterAbi,
        functionName: 'owed',
        args: [rejecting],
      })
    expect(await owed()).toBe(rewards[0].amount)
    expect(await balanceOf(m.stack, m.stack.router)).toBe(rewards[0].amount)

    const to = chain.accounts[12]
    const before = await balanceOf(m.stack, to)
    const { receipt } = await execute(
      m.stack.router,
      encodeFunctionData({ abi: inferenceRouterAbi, functionName: 'withdrawOwedTo', args: [to] }),
    )
    expect(
      parseEventLogs({ abi: inferenceRouterAbi, logs: receipt.logs, eventName: 'OwedWithdrawn' })[0].args,
    ).toEqual({
      recipient: rejecting,
      to,
      amount: rewards[0].amount,
    })
    expect((await balanceOf(m.stack, to)) - before).toBe(rewards[0].amount)
    expect(await owed()).toBe(0n)
    await expectRevert(
      write(chain, m.outsider, {
        address: m.stack.router,
        abi: inferenceRouterAbi,
        functionName: 'withdrawOwed',
      }),
      'NothingOwed',
    )
  })

  it('lets the caller cancel an unfulfilled inference after the timeout and refunds the fee', async () => {
    const inference = await requestInference(m.model, m.caller)
    const cancel = (from = m.caller) =>
      write(chain, from, {
        address: m.stack.router,
        abi: inferenceRouterAbi,
        functionName: 'cancel',
        args: [inference.id],
      })
    await expectRevert(cancel(), 'CancelTooEarly')
    await expectRevert(cancel(m.outsider), 'NotInferenceCaller')
    await chain.testClient.increaseTime({ seconds: 86_400 })
    await chain.testClient.mine({ blocks: 1 })
    const { receipt } = await cancel()
    expect(
      parseEventLogs({ abi: inferenceRouterAbi, logs: receipt.logs, eventName: 'InferenceCancelled' })[0]
        .args,
    ).toEqual({
      inferenceId: inference.id,
      caller: m.caller.account.address,
      refund: inference.fee,
    })
    expect(await balanceOf(m.stack, m.stack.router)).toBe(0n)
    await expectRevert(cancel(), 'InferenceWasCancelled')
    await expectRevert(fulfil(inference), 'InferenceWasCancelled')
  })
})
