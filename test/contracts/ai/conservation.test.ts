import fc from 'fast-check'
import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupChain, type TestChain } from '../../setup/chain'
import { buildMarket, type Market } from './fixture'
import {
  balanceOf,
  expectedSplit,
  fulfil,
  modelRegistryAbi,
  policyRegistryAbi,
  requestInference,
  settle,
  type Weight,
  wopenBalanceOf,
  write,
} from './simulate'

let chain: TestChain
let m: Market
let snapshot: `0x${string}`

beforeAll(async () => {
  chain = await setupChain()
  m = await buildMarket(chain)
  snapshot = await chain.testClient.snapshot()
})
afterAll(async () => {
  await chain?.stop()
})

/** `parts` positive integers summing to `total`: the gaps between distinct sorted cut points. */
const partition = (total: number, parts: number, min: number) =>
  fc
    .uniqueArray(fc.integer({ min, max: total - min }), { minLength: parts - 1, maxLength: parts - 1 })
    .map((cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), total]
      return points.slice(1).map((p, i) => p - points[i])
    })

const feeArb = fc.oneof(
  fc.bigInt({ min: 0n, max: 10_000n }), // tiny fees: every floor matters, dust dominates
  fc.bigInt({ min: 0n, max: 10n ** 24n }), // up to 1M OPEN
)
const bpsArb = partition(10_000, 4, 0) as fc.Arbitrary<unknown> as fc.Arbitrary<
  [number, number, number, number]
>
const attributionArb = fc
  .integer({ min: 1, max: 10 })
  .chain((k) =>
    fc.tuple(
      fc.shuffledSubarray([...Array(12).keys()], { minLength: k, maxLength: k }),
      k === 1 ? fc.constant([1_000_000]) : partition(1_000_000, k, 1),
    ),
  )

describe('settlement conservation (property)', () => {
  it('pays out exactly the fee, each contributor floor(pool × w / 1e6), dust to the treasury', async () => {
    const treasury = m.stack.treasury
    const owner = m.modelOwner.account.address
    const contributors = [...new Set(m.trained.map((c) => c.contributor.account.address))]
    const watched: Address[] = [treasury, owner, ...contributors]

    await fc.assert(
      fc.asyncProperty(feeArb, bpsArb, attributionArb, async (fee, bps, [indices, weightsPpm]) => {
        await chain.testClient.revert({ id: snapshot })
        snapshot = await chain.testClient.snapshot()
        await write(chain, m.stack.governor, {
          address: m.stack.policy,
          abi: policyRegistryAbi,
          functionName: 'setFeePolicy',
          args: bps,
        })
        await write(chain, m.modelOwner, {
          address: m.stack.models,
          abi: modelRegistryAbi,
          functionName: 'setPrice',
          args: [m.model.id, fee],
        })
        const inference = await requestInference({ ...m.model, price: fee }, m.caller)
        await fulfil(inference)

        const weights: Weight[] = indices.map((i, j) => [m.trained[i], weightsPpm[j]])
        const before = await Promise.all(watched.map((a) => balanceOf(m.stack, a)))
        const bankBefore = await wopenBalanceOf(m.stack, m.stack.stakingRewardsBank)
        const { settled, rewards } = await settle(inference, m.validator, weights)
        const delta = (await Promise.all(watched.map((a) => balanceOf(m.stack, a)))).map(
          (b, i) => b - before[i],
        )
        const bankDelta = (await wopenBalanceOf(m.stack, m.stack.stakingRewardsBank)) - bankBefore

        const want = expectedSplit(fee, bps, weightsPpm)
        // The event accounts for the whole fee ...
        const { protocolAmount, modelOwnerAmount, stakersAmount, contributorsAmount, dust } = settled
        expect(protocolAmount + modelOwnerAmount + stakersAmount + contributorsAmount + dust).toBe(fee)
        expect(settled).toMatchObject({
          protocolAmount: want.protocol,
          dust: want.dust,
          stakersAmount: want.stakers,
        })
        // ... each contribution gets exactly its floor of the pool ...
        expect(rewards.map((r) => [r.contributionId, r.amount])).toEqual(
          weights.map(([c], j) => [(c as { id: bigint }).id, want.rewards[j]]),
        )
        // ... and the money really moved: balance deltas sum to the fee, nothing stays in the router.
        const perContributor = contributors.map((a) =>
          rewards.filter((r) => r.contributor === a).reduce((s, r) => s + r.amount, 0n),
        )
        expect(delta).toEqual([want.protocol + want.dust, want.modelOwner, ...perContributor])
        expect(bankDelta).toBe(want.stakers)
        expect(delta.reduce((a, b) => a + b, 0n) + bankDelta).toBe(fee)
        expect(await balanceOf(m.stack, m.stack.router)).toBe(0n)
      }),
      { numRuns: 100 },
    )
  })
})
