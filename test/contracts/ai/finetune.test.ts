import fc from 'fast-check'
import { type Address, parseEther, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lineageSplit } from '../../../src/audit/lineageSplit'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import { buildMarket, CONTRIBUTOR_WALLETS, type Market } from './fixture'
import {
  type FineTuneSpec,
  lineageOf,
  publishFineTune,
  registerFineTunedModel,
  settleWithLineage,
  setUpstreamShare,
} from './lineage'
import {
  balanceOf,
  type Contribution,
  contribute,
  createDatanet,
  type Datanet,
  expectedSplit,
  fulfil,
  type Model,
  modelRegistryAbi,
  policyRegistryAbi,
  read,
  requestInference,
  review,
  seal,
  settle,
  type Weight,
  wopenBalanceOf,
  write,
} from './simulate'

let chain: TestChain
let m: Market
let tuneData: Datanet
/** Accepted in tuneData version 1: the fine-tunes' own training set. */
let tuned: Contribution[]
/** chain[0] = the base (m.model), chain[d] = a fine-tune d levels deep. */
let lineage: Model[]
let snapshot: `0x${string}`

const spec = (base: Model, baseVersion = 1): FineTuneSpec => ({
  base,
  baseVersion,
  trainedOn: [{ datanet: tuneData, version: 1 }],
})

beforeAll(async () => {
  chain = await setupChain()
  m = await buildMarket(chain)
  const w = chain.wallets
  tuneData = await createDatanet(m.stack, w[1], 'phishing')
  tuned = []
  for (let i = 0; i < 6; i++)
    tuned.push(await contribute(tuneData, w[CONTRIBUTOR_WALLETS[i % 5]], `phish-${i}`))
  await review(tuned)
  await seal(tuneData)
  lineage = [m.model]
  for (let d = 1; d <= 3; d++)
    lineage.push(await registerFineTunedModel(m.stack, w[1], spec(lineage[d - 1]), parseEther('1')))
  snapshot = await chain.testClient.snapshot()
})
afterAll(async () => {
  await chain?.stop()
})

const restore = async () => {
  await chain.testClient.revert({ id: snapshot })
  snapshot = await chain.testClient.snapshot()
}

describe('ModelRegistry lineage', () => {
  it('records the base and depth of each fine-tune and emits them', async () => {
    expect(await lineageOf(m.stack, m.model.id, 1)).toEqual({ baseModelId: 0n, baseVersion: 0, depth: 0 })
    for (let d = 1; d <= 3; d++) {
      expect(await lineageOf(m.stack, lineage[d].id, 1)).toEqual({
        baseModelId: lineage[d - 1].id,
        baseVersion: 1,
        depth: d,
      })
    }
    await restore()
    // Anyone may fine-tune a published version; a later version of the same model may also fine-tune.
    const ft = await registerFineTunedModel(m.stack, m.outsider, spec(m.model))
    const { result, receipt } = await publishFineTune(ft, spec(ft, 1))
    expect(result).toBe(2)
    const logs = parseEventLogs({ abi: modelRegistryAbi, logs: receipt.logs })
    expect(logs.map((l) => l.eventName)).toEqual(['ModelVersionPublished', 'ModelVersionFineTuned'])
    expect(logs[0].args).toMatchObject({
      modelId: ft.id,
      version: 2,
      datanetIds: [tuneData.id],
      datanetVersions: [1],
    })
    expect(logs[1].args).toEqual({ modelId: ft.id, version: 2, baseModelId: ft.id, baseVersion: 1, depth: 2 })
  })

  it('rejects a base that does not exist yet (no cycles), too deep a lineage and a non-owner', async () => {
    const ft = lineage[1]
    await expectRevert(publishFineTune(ft, spec(m.model, 0)), 'BaseVersionNotFound')
    await expectRevert(publishFineTune(ft, spec(m.model, 2)), 'BaseVersionNotFound')
    await expectRevert(publishFineTune(ft, spec({ ...m.model, id: 999n })), 'BaseVersionNotFound')
    // Its own next version is not published yet when the base is checked.
    await expectRevert(publishFineTune(ft, spec(ft, 2)), 'BaseVersionNotFound')
    await expectRevert(registerFineTunedModel(m.stack, m.outsider, spec(lineage[3])), 'LineageTooDeep')
    await expectRevert(publishFineTune(ft, spec(m.model), m.outsider), 'NotModelOwner')
    await expectRevert(
      publishFineTune(ft, { ...spec(m.model), trainedOn: [{ datanet: tuneData, version: 2 }] }),
      'VersionNotSealed',
    )
  })
})

describe('PolicyRegistry upstream share', () => {
  it('defaults to 2000 bps and only the owner changes it, within 10,000 bps, with an event', async () => {
    const share = () =>
      read<number>(chain, {
        address: m.stack.policy,
        abi: policyRegistryAbi,
        functionName: 'upstreamShareBps',
      })
    expect(await share()).toBe(2000)
    await expectRevert(setUpstreamShare(m.stack, 3000, m.outsider), 'OwnableUnauthorizedAccount')
    await expectRevert(setUpstreamShare(m.stack, 10_001), 'UpstreamShareOutOfRange')
    const { receipt } = await setUpstreamShare(m.stack, 10_000)
    const [log] = parseEventLogs({
      abi: policyRegistryAbi,
      logs: receipt.logs,
      eventName: 'UpstreamSharePolicyUpdated',
    })
    expect(log.args).toEqual({ upstreamShareBps: 10_000 })
    expect(await share()).toBe(10_000)
    await restore()
  })
})

describe('InferenceRouter.settleWithLineage', () => {
  const fineTunedInference = async (depth = 1) => {
    const inference = await requestInference(lineage[depth], m.caller)
    await fulfil(inference, 'spam', lineage[depth].owner)
    return inference
  }

  it('pays the fine-tune 80% of the pool and its base 20%, each pro rata, with one event per level', async () => {
    const inference = await fineTunedInference()
    const own: Weight[] = [
      [tuned[0], 600_000],
      [tuned[1], 400_000],
    ]
    const base: Weight[] = [
      [m.trained[0], 250_000],
      [m.trained[7], 750_000],
    ]
    const { settled, levels, rewards } = await settleWithLineage(inference, m.validator, [own, base])
    const pool = parseEther('0.5')
    expect(levels).toEqual([
      {
        inferenceId: inference.id,
        level: 0,
        modelId: lineage[1].id,
        modelVersion: 1,
        amount: pool,
        kept: parseEther('0.4'),
        paid: parseEther('0.4'),
      },
      {
        inferenceId: inference.id,
        level: 1,
        modelId: m.model.id,
        modelVersion: 1,
        amount: parseEther('0.1'),
        kept: parseEther('0.1'),
        paid: parseEther('0.1'),
      },
    ])
    expect(rewards.map((r) => [r.contributionId, r.amount])).toEqual([
      [tuned[0].id, parseEther('0.24')],
      [tuned[1].id, parseEther('0.16')],
      [m.trained[0].id, parseEther('0.025')],
      [m.trained[7].id, parseEther('0.075')],
    ])
    expect(settled).toEqual({ ...settled, contributorsAmount: pool, dust: 0n })
    await expectRevert(settleWithLineage(inference, m.validator, [own, base]), 'AlreadySettled')
    await restore()
  })

  it('keeps plain settle for versions without a base and rejects it for a fine-tune', async () => {
    const inference = await fineTunedInference()
    await expectRevert(settle(inference, m.validator, [[tuned[0], 1_000_000]]), 'FineTunedVersion')
    // A version without a base settles the same either way.
    const plain = await requestInference(m.model, m.caller)
    await fulfil(plain)
    const viaLineage = await settleWithLineage(plain, m.validator, [[[m.trained[0], 1_000_000]]])
    expect(viaLineage.levels).toMatchObject([
      { level: 0, amount: parseEther('0.5'), kept: parseEther('0.5') },
    ])
    expect(viaLineage.settled).toMatchObject({ contributorsAmount: parseEther('0.5'), dust: 0n })
    await restore()
  })

  it('validates each level against that level’s training set and the level count against the lineage', async () => {
    const inference = await fineTunedInference()
    const own: Weight[] = [[tuned[0], 1_000_000]]
    const base: Weight[] = [[m.trained[0], 1_000_000]]
    await expectRevert(settleWithLineage(inference, m.validator, [own]), 'LineageLevelsMismatch')
    await expectRevert(settleWithLineage(inference, m.validator, [own, base, base]), 'LineageLevelsMismatch')
    // Level 0 is the fine-tune's own data, level 1 the base's: swapped, both are foreign.
    await expectRevert(settleWithLineage(inference, m.validator, [base, own]), 'ForeignContribution')
    await expectRevert(settleWithLineage(inference, m.validator, [own, own]), 'ForeignContribution')
    await expectRevert(
      settleWithLineage(inference, m.validator, [own, [[m.lateAccepted, 1_000_000]]]),
      'ContributionNotInVersion',
    )
    await expectRevert(
      settleWithLineage(inference, m.validator, [own, [[m.trained[0], 999_999]]]),
      'WeightsSumInvalid',
    )
    await expectRevert(settleWithLineage(inference, m.validator, [own, []]), 'EmptyAttribution')
    await expectRevert(settleWithLineage(inference, m.outsider, [own, base]), 'NotActiveValidator')
  })
})

const partition = (total: number, parts: number) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: total - 1 }), { minLength: parts - 1, maxLength: parts - 1 })
    .map((cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), total]
      return points.slice(1).map((p, i) => p - points[i])
    })
const levelArb = (size: number) =>
  fc
    .integer({ min: 1, max: 6 })
    .chain((k) =>
      fc.tuple(
        fc.shuffledSubarray([...Array(size).keys()], { minLength: k, maxLength: k }),
        partition(1_000_000, k),
      ),
    )

describe('lineage settlement conservation (property)', () => {
  it('creates and loses no wei over random fees, fee policies, upstream shares, depths and weights', async () => {
    const contributors = [...new Set(CONTRIBUTOR_WALLETS.map((i) => chain.accounts[i]))]
    const owner = m.modelOwner.account.address
    const watched: Address[] = [m.stack.treasury, owner, ...contributors]
    const arb = fc.record({
      fee: fc.oneof(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10n ** 24n })),
      bps: partition(10_000, 4).filter((p) => p.length === 4),
      upstreamBps: fc.integer({ min: 0, max: 10_000 }),
      depth: fc.integer({ min: 1, max: 3 }),
      own: fc.array(levelArb(tuned.length), { minLength: 3, maxLength: 3 }),
      base: levelArb(m.trained.length),
    })
    await fc.assert(
      fc.asyncProperty(arb, async ({ fee, bps, upstreamBps, depth, own, base }) => {
        await restore()
        await write(chain, m.stack.governor, {
          address: m.stack.policy,
          abi: policyRegistryAbi,
          functionName: 'setFeePolicy',
          args: bps,
        })
        await setUpstreamShare(m.stack, upstreamBps)
        const model = lineage[depth]
        await write(chain, model.owner, {
          address: m.stack.models,
          abi: modelRegistryAbi,
          functionName: 'setPrice',
          args: [model.id, fee],
        })
        const inference = await requestInference({ ...model, price: fee }, m.caller)
        await fulfil(inference)
        const levels: Weight[][] = [
          ...own.slice(0, depth).map(([idx, ws]) => idx.map((i, j): Weight => [tuned[i], ws[j]])),
          base[0].map((i, j): Weight => [m.trained[i], base[1][j]]),
        ]
        const before = await Promise.all(watched.map((a) => balanceOf(m.stack, a)))
        const bankBefore = await wopenBalanceOf(m.stack, m.stack.stakingRewardsBank)
        const out = await settleWithLineage(inference, m.validator, levels)
        const delta = (await Promise.all(watched.map((a) => balanceOf(m.stack, a)))).map(
          (b, i) => b - before[i],
        )
        const bankDelta = (await wopenBalanceOf(m.stack, m.stack.stakingRewardsBank)) - bankBefore

        const want = expectedSplit(fee, bps as [number, number, number, number], [])
        const shares = lineageSplit(want.pool, upstreamBps, depth + 1)
        expect(out.levels.map((l) => [l.level, l.modelId, l.amount, l.kept])).toEqual(
          shares.map((s, l) => [l, lineage[depth - l].id, s.amount, s.kept]),
        )
        const rewards = levels.flatMap((lv, l) =>
          lv.map(([, w]) => (shares[l].kept * BigInt(w)) / 1_000_000n),
        )
        expect(out.rewards.map((r) => r.amount)).toEqual(rewards)
        const paid = rewards.reduce((a, b) => a + b, 0n)
        expect(out.levels.reduce((a, l) => a + l.paid, 0n)).toBe(paid)
        expect(shares.reduce((a, s) => a + s.kept, 0n)).toBe(want.pool)
        const dust = fee - want.protocol - want.modelOwner - want.stakers - paid
        expect(out.settled).toEqual({
          ...out.settled,
          protocolAmount: want.protocol,
          modelOwnerAmount: want.modelOwner,
          stakersAmount: want.stakers,
          contributorsAmount: paid,
          dust,
        })
        const perContributor = contributors.map((a) =>
          out.rewards.filter((r) => r.contributor === a).reduce((s, r) => s + r.amount, 0n),
        )
        expect(delta).toEqual([want.protocol + dust, want.modelOwner, ...perContributor])
        expect(bankDelta).toBe(want.stakers)
        expect(delta.reduce((a, b) => a + b, 0n) + bankDelta).toBe(fee)
        expect(await balanceOf(m.stack, m.stack.router)).toBe(0n)
      }),
      { numRuns: 60 },
    )
  })
})
