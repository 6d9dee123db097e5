import type { Hex } from 'viem'
import type { AttributionDevice } from '../attribution/onnx/createSession'
import { agentShare } from './agentShare'
import { createDemoOracles, type DemoSettlement, type RejectedCheat } from './createDemoOracles'
import type { DemoContext } from './demoContext'
import { demoEmails } from './demoEmails'
import type { DishonestStrategy } from './dishonestStrategies'
import { type DemoFineTune, fineTuneModel } from './fineTuneModel'
import { delegateVotes } from './governance'
import { proposeFeePolicy } from './proposeFeePolicy'
import { proposeModelGrant } from './proposeModelGrant'
import { proposeSlash } from './proposeSlash'
import { type DemoUpgrade, proposeUpgrade } from './proposeUpgrade'
import { type DemoAgents, runAgents } from './runAgents'
import { type DemoCompute, runComputeMarket } from './runComputeMarket'
import { runInferences } from './runInferences'
import { type DemoShareMarket, runShareMarket } from './runShareMarket'
import { type DemoContribution, type DemoDatanet, seedDatanets } from './seedDatanets'
import { bondValidators, DEMO_AMOUNTS, stakeMembers, unstakeAfterLock } from './staking'
import { type DemoModel, trainModel } from './trainModel'

export type DemoOptions = {
  /** Paid inferences (times `scale`), a few of them caused by agents (see `agentShare`). @default 300 */
  inferences?: number
  /** Multiplies the inference count and the agents, for benchmark-sized workloads. @default 1 */
  scale?: number
  /** Use a seeded sample of this many emails instead of all 6,046 (tests). */
  maxEmails?: number
  /** Inferences per round (request → fulfil → settle). @default 100 */
  perRound?: number
  device?: AttributionDevice
  /** How the dishonest validator cheats (see `dishonestStrategies`). @default 'inflate' */
  dishonest?: DishonestStrategy
  /** Paid inferences of the fine-tuned model, settled with upstream royalties. @default 10 × scale (at most `inferences` × scale) */
  fineTuneInferences?: number
}

export type DemoResult = {
  datanets: DemoDatanet[]
  contributions: DemoContribution[]
  model: DemoModel
  /** `honest` is false for the settlements the dishonest validator cheated on. */
  settlements: DemoSettlement[]
  /** Cheats the contract refused (e.g. a contribution paid twice), with its error. */
  rejected: RejectedCheat[]
  /** Every paid inference of `model`: the compute providers', the direct ones, then those the agents' actions caused. */
  inferenceIds: bigint[]
  /** The fine-tune of `model` on its own datanet, and its inferences (not in `inferenceIds`). */
  fineTune: DemoFineTune & { inferenceIds: bigint[] }
  agents: DemoAgents
  proposals: { fundModel: bigint; feePolicy: bigint; slash: bigint }
  /** The router's upgrade to V2 through governance, and the inferences rated through it. */
  upgrade: DemoUpgrade
  /** Hash (artifact store) of the evidence the slash proposal cites. */
  evidenceHash: Hex
  scoringDevice?: string
  /** The compute market chapter; its fulfilled inferences are also in `inferenceIds`. */
  compute: DemoCompute
  /** The tokenized community model, its share token and pool. */
  shareMarket: DemoShareMarket
}

/**
 * The whole demo economy, deterministic by `ctx.seed`: datanets of real emails with contributions,
 * reviews and sealed versions; a spam classifier trained on them and registered; validators bonded;
 * members staking and holding votes; a proposal funding the model; bonded compute providers serving
 * requests through the ComputeMarket (one misses its deadlines and is slashed); paid inferences on held-out
 * emails settled by two honest oracles and one that inflates an accomplice's weight; a fine-tune
 * of the model on a new datanet whose inferences pay the base's contributors upstream royalties; a
 * proposal changing the fee policy half way; agents (AgentRegistry) paid to act, whose inferences
 * are settled the same way; an unstake; a community model tokenized into shares, pooled against
 * WOPEN and traded; a proposal upgrading the router to V2 (ratings); and a proposal slashing the dishonest validator with the
 * evidence's hash.
 *
 * @example
 * const result = await runDemo(ctx, { inferences: 300 })
 */
export async function runDemo(ctx: DemoContext, opts: DemoOptions = {}): Promise<DemoResult> {
  const { roles } = ctx
  const strategy = opts.dishonest ?? 'inflate'
  const { train, heldOut } = demoEmails(ctx.seed, opts)

  const { datanets, contributions } = await seedDatanets(ctx, train)
  const model = await trainModel(ctx, datanets, contributions, heldOut)
  const fineTune = await fineTuneModel(ctx, model, train, heldOut)
  await bondValidators(ctx, DEMO_AMOUNTS.validatorBond)
  const stakeIds = await stakeMembers(ctx, DEMO_AMOUNTS.stake)
  await delegateVotes(ctx, roles.members, DEMO_AMOUNTS.votes)
  const fundModel = await proposeModelGrant(ctx, model.id)

  const demo = createDemoOracles(ctx, { contributions, strategy, device: opts.device })
  // Before the paid inferences, so the oracles settle the compute providers' inferences with theirs.
  const compute = await runComputeMarket(ctx, model, heldOut, { scale: opts.scale })
  const count = (opts.inferences ?? 300) * (opts.scale ?? 1)
  // Agents (two per scale) cause some of the paid inferences; members request the rest directly.
  const share = agentShare(count, opts.scale ?? 1)
  const perRound = opts.perRound ?? 100
  const rounds = Math.ceil((count - share.actions) / perRound)
  let feePolicy = 0n
  const results = await runInferences(ctx, model, heldOut, demo.oracles, {
    count: count - share.actions,
    perRound,
    onRound: async (round) => {
      // Half way through, governance changes the fee policy: later settlements pay by the new one.
      if (round === Math.floor((rounds - 1) / 2)) feePolicy = await proposeFeePolicy(ctx)
    },
  })
  // The fine-tune's inferences: each settlement pays its own contributors and, upstream, the base's.
  const fineTuned = await runInferences(ctx, fineTune.model, heldOut, demo.oracles, {
    count: opts.fineTuneInferences ?? Math.min(10, opts.inferences ?? 300) * (opts.scale ?? 1),
    perRound,
  })
  const agents = await runAgents(ctx, model, heldOut, demo.oracles, share)
  const scoringDevice = demo.oracles.map((o) => o.device()).find(Boolean)
  await demo.close()

  await unstakeAfterLock(ctx, roles.members[0], stakeIds[0])
  const shareMarket = await runShareMarket(ctx, datanets, model, { scale: opts.scale })
  // Rated by their callers (members), so the direct inferences: the market's and agents' callers are contracts.
  const upgrade = await proposeUpgrade(ctx, results.flatMap((r) => r.requested).slice(0, 5))
  const { settlements, rejected } = demo
  const { slash, evidenceHash } = await proposeSlash(
    ctx,
    settlements.filter((s) => !s.honest),
    strategy,
  )

  return {
    datanets,
    contributions,
    model,
    settlements,
    fineTune: { ...fineTune, inferenceIds: fineTuned.flatMap((r) => r.requested) },
    inferenceIds: [...compute.inferenceIds, ...results.flatMap((r) => r.requested), ...agents.inferenceIds],
    agents,
    rejected,
    proposals: { fundModel, feePolicy, slash },
    upgrade,
    evidenceHash,
    scoringDevice,
    compute,
    shareMarket,
  }
}
