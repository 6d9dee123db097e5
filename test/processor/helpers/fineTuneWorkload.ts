import { type Address, encodeFunctionData, parseEther } from 'viem'
import { inferenceRouterAbi, policyRegistryAbi } from '../../../src/abi/viem'
import { deployStack } from '../../../src/chain/deployStack'
import type { Manifest } from '../../../src/manifest/manifest'
import { registerFineTunedModel, settleWithLineage } from '../../contracts/ai/lineage'
import {
  type AiStack,
  bondValidator,
  type Contribution,
  contribute,
  createDatanet,
  fulfil,
  type Model,
  registerModel,
  requestInference,
  review,
  seal,
  settle,
} from '../../contracts/ai/simulate'
import { depositAndDelegate, passProposal } from '../../contracts/token/governance'
import { ROOT, type TestChain } from '../../setup/chain'
import { aiStackOf } from './workload'

/**
 * Deploys the whole stack and builds a lineage: a base model, its fine-tune, and the fine-tune's
 * fine-tune (trained on its base's base's datanet, so one contribution is paid at two levels);
 * settles a plain inference and lineage settlements before and after governance raises the
 * upstream share to 3000 bps. `models` is [base, fine-tune, fine-tune of the fine-tune].
 *
 * @example
 * const { manifest, stack, models } = await runFineTuneWorkload(chain)
 */
export async function runFineTuneWorkload(
  chain: TestChain,
): Promise<{ manifest: Manifest; stack: AiStack; models: Model[] }> {
  const manifest = await deployStack({
    root: ROOT,
    wallet: chain.wallets[0],
    publicClient: chain.publicClient,
  })
  const stack = aiStackOf(chain, manifest)
  const w = chain.wallets
  await bondValidator(stack, w[7], parseEther('1000'))
  const sealed = async (name: string, n: number) => {
    const d = await createDatanet(stack, w[1], name)
    const cs: Contribution[] = []
    for (let i = 0; i < n; i++) cs.push(await contribute(d, w[2 + (i % 4)], `${name} ${i}`))
    await review(cs)
    await seal(d)
    return { d, cs }
  }
  const base = await sealed('ham', 4)
  const tune = await sealed('phishing', 3)
  const m0 = await registerModel(stack, w[8], {
    trainedOn: [{ datanet: base.d, version: 1 }],
    price: parseEther('1'),
  })
  const ft = (b: Model, trainedOn: { datanet: typeof base.d; version: number }[]) =>
    registerFineTunedModel(stack, w[9], { base: b, baseVersion: 1, trainedOn }, parseEther('0.37'))
  const m1 = await ft(m0, [{ datanet: tune.d, version: 1 }])
  const m2 = await ft(m1, [{ datanet: base.d, version: 1 }])

  const run = async (model: Model, k: number, levels: Parameters<typeof settleWithLineage>[2]) => {
    const inf = await requestInference(model, w[11], `input ${k}`)
    await fulfil(inf, 'spam', model.owner)
    await settleWithLineage(inf, w[7], levels)
  }
  const plain = await requestInference(m0, w[11], 'plain')
  await fulfil(plain, 'ham', m0.owner)
  await settle(plain, w[7], [[base.cs[0], 1_000_000]])
  await run(m1, 1, [
    [
      [tune.cs[0], 700_000],
      [tune.cs[1], 300_000],
    ],
    [[base.cs[1], 1_000_000]],
  ])
  // The same contribution paid at two levels (m2 fine-tuned on its base's base's datanet).
  await run(m2, 2, [[[base.cs[2], 1_000_000]], [[tune.cs[2], 1_000_000]], [[base.cs[2], 1_000_000]]])

  // Governance raises the upstream share; a later settlement pays under it.
  const a = (n: keyof Manifest['contracts']) => manifest.contracts[n]!.address as Address
  await depositAndDelegate(chain, a('GOPEN'), w[4], parseEther('60000'))
  await chain.mine(1, 2)
  await passProposal(chain, {
    governor: a('OpenLedgerGovernor'),
    voters: [w[4]],
    targets: [stack.policy],
    values: [0n],
    calldatas: [
      encodeFunctionData({ abi: policyRegistryAbi, functionName: 'setUpstreamShare', args: [3000] }),
    ],
    description: 'Raise the upstream royalty to 30%',
  })
  await run(m1, 3, [[[tune.cs[1], 1_000_000]], [[base.cs[3], 1_000_000]]])

  return { manifest, stack, models: [m0, m1, m2] }
}

/**
 * The router's UpstreamRoyaltyPaid events from genesis, as viem decodes them: what the indexed
 * lineage tables must equal.
 *
 * @example
 * const logs = await royaltyLogs(chain, stack)
 */
export const royaltyLogs = (chain: TestChain, stack: AiStack) =>
  chain.publicClient.getContractEvents({
    address: stack.router,
    abi: inferenceRouterAbi,
    eventName: 'UpstreamRoyaltyPaid',
    fromBlock: 0n,
  })
