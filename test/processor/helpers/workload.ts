import { type Address, encodeFunctionData, parseEther } from 'viem'
import { gOPENAbi, modelFundAbi, policyRegistryAbi, stakingAbi, wOPENAbi } from '../../../src/abi/viem'
import { deployStack } from '../../../src/chain/deployStack'
import type { Manifest } from '../../../src/manifest/manifest'
import {
  type AiStack,
  bondValidator,
  type Contribution,
  contribute,
  createDatanet,
  fulfil,
  type Inference,
  type Model,
  registerModel,
  requestInference,
  review,
  seal,
  settle,
} from '../../contracts/ai/simulate'
import { depositAndDelegate, passProposal } from '../../contracts/token/governance'
import { ROOT, send, type TestChain } from '../../setup/chain'

export type Workload = {
  manifest: Manifest
  stack: AiStack
  contributions: Contribution[]
  models: Model[]
  inferences: Inference[]
  /** Settlement events as the chain emitted them, by inference id. */
  settlements: Map<bigint, Awaited<ReturnType<typeof settle>>>
  proposalId: bigint
  stakeIds: bigint[]
}

/**
 * The AI-side test helpers' view of a deployed stack (`deployStack`'s manifest): the timelock is
 * the treasury and, with the governor, the governance the validators read their latency from.
 *
 * @example
 * const model = await registerModel(aiStackOf(chain, manifest), chain.wallets[8], spec)
 */
export function aiStackOf(chain: TestChain, manifest: Manifest): AiStack {
  const a = (n: keyof Manifest['contracts']) => manifest.contracts[n]!.address as Address
  return {
    chain,
    governor: chain.wallets[0],
    treasury: a('OpenLedgerTimelock'),
    stakingRewardsBank: a('StakingBank'),
    wopen: a('WOPEN'),
    policy: a('PolicyRegistry'),
    datanets: a('DatanetRegistry'),
    models: a('ModelRegistry'),
    validators: a('AttributionValidators'),
    router: a('InferenceRouter'),
    fund: a('ModelFund'),
    governance: { gopen: a('GOPEN'), timelock: a('OpenLedgerTimelock'), governor: a('OpenLedgerGovernor') },
  }
}

/**
 * Deploys the whole stack and drives every contract: wraps, transfers, staking, governance (a
 * proposal that funds a model and changes the fee policy), datanets, contributions, reviews, a
 * sealed version, a model, validators, inferences and settlements under two fee policies.
 *
 * @example
 * const w = await deployAndRunWorkload(chain)
 */
export async function deployAndRunWorkload(
  chain: TestChain,
  opts: { inferences?: number } = {},
): Promise<Workload> {
  const manifest = await deployStack({
    root: ROOT,
    wallet: chain.wallets[0],
    publicClient: chain.publicClient,
  })
  const a = (n: keyof Manifest['contracts']) => manifest.contracts[n]!.address as Address
  const w = chain.wallets
  const stack = aiStackOf(chain, manifest)

  // Token side: WOPEN wraps, transfers, unwraps; staking of WOPEN.
  const stakeIds: bigint[] = []
  for (const i of [1, 2, 3]) {
    await send(chain, w[i], {
      address: stack.wopen,
      abi: wOPENAbi,
      functionName: 'deposit',
      value: parseEther('50'),
    })
    await send(chain, w[i], {
      address: stack.wopen,
      abi: wOPENAbi,
      functionName: 'transfer',
      args: [chain.accounts[10], parseEther('1')],
    })
    await send(chain, w[i], {
      address: stack.wopen,
      abi: wOPENAbi,
      functionName: 'withdraw',
      args: [parseEther('2')],
    })
    await send(chain, w[i], {
      address: stack.wopen,
      abi: wOPENAbi,
      functionName: 'approve',
      args: [a('Staking'), parseEther('100')],
    })
    const r = await send(chain, w[i], {
      address: a('Staking'),
      abi: stakingAbi,
      functionName: 'stake',
      args: [1n, chain.accounts[i], parseEther('10')],
    })
    stakeIds.push(
      BigInt(r.logs.find((l) => l.address.toLowerCase() === a('Staking').toLowerCase())!.topics[1]!),
    )
  }
  await send(chain, w[1], {
    address: a('Staking'),
    abi: stakingAbi,
    functionName: 'topUpStake',
    args: [stakeIds[0], parseEther('5')],
  })
  await send(chain, w[2], {
    address: a('Staking'),
    abi: stakingAbi,
    functionName: 'requestUnstake',
    args: [stakeIds[1]],
  })

  // GOPEN voters.
  await depositAndDelegate(chain, a('GOPEN'), w[4], parseEther('60000'))
  await depositAndDelegate(chain, a('GOPEN'), w[5], parseEther('20000'))
  await send(chain, w[5], {
    address: a('GOPEN'),
    abi: gOPENAbi,
    functionName: 'withdraw',
    args: [parseEther('1000')],
  })

  // AI side.
  await bondValidator(stack, w[7], parseEther('1000'))
  const datanet = await createDatanet(stack, w[1], 'spam-mail')
  const contributions: Contribution[] = []
  for (let i = 0; i < 8; i++)
    contributions.push(await contribute(datanet, w[2 + (i % 4)], `email number ${i}`))
  await review(contributions.slice(0, 6), true)
  await review(contributions.slice(6), false)
  const sealed = await seal(datanet)
  const model = await registerModel(stack, w[8], {
    trainedOn: [{ datanet, version: sealed.version }],
    price: parseEther('0.37'),
  })
  const inferences: Inference[] = []
  const settlements = new Map<bigint, Awaited<ReturnType<typeof settle>>>()
  const runInference = async (k: number) => {
    const inf = await requestInference(model, w[11 + (k % 5)], `input ${k}`)
    inferences.push(inf)
    await fulfil(inf, `output ${k}`)
    const weights = [
      [contributions[k % 6], 500_000],
      [contributions[(k + 1) % 6], 333_333],
      [contributions[(k + 2) % 6], 166_667],
    ] as const
    settlements.set(inf.id, await settle(inf, w[7], weights))
  }
  const n = opts.inferences ?? 4
  for (let k = 0; k < n; k++) await runInference(k)

  // Governance: fund the model and change the fee policy in one proposal. Votes are checkpointed by
  // timestamp, so let a second pass after the delegations first.
  await chain.mine(1, 2)
  const { proposalId } = await passProposal(chain, {
    governor: a('OpenLedgerGovernor'),
    voters: [w[4], w[5]],
    targets: [stack.fund, stack.policy],
    values: [0n, 0n],
    calldatas: [
      encodeFunctionData({
        abi: modelFundAbi,
        functionName: 'fundModel',
        args: [model.id, parseEther('1000'), 'grant #1'],
      }),
      encodeFunctionData({
        abi: policyRegistryAbi,
        functionName: 'setFeePolicy',
        args: [500, 2500, 2000, 5000],
      }),
    ],
    description: 'Fund the spam classifier and lower the protocol fee',
  })
  for (let k = n; k < n + 2; k++) await runInference(k)
  // One unsettled inference left in flight.
  inferences.push(await requestInference(model, w[12], 'pending'))
  return { manifest, stack, contributions, models: [model], inferences, settlements, proposalId, stakeIds }
}
