import type { Hex } from 'viem'
import type { AttributionDevice } from '../attribution/onnx/createSession'
import { createDemoOracles, type DemoSettlement, type RejectedCheat } from './createDemoOracles'
import type { DemoContext } from './demoContext'
import { demoEmails } from './demoEmails'
import type { DishonestStrategy } from './dishonestStrategies'
import { delegateVotes } from './governance'
import { proposeFeePolicy } from './proposeFeePolicy'
import { proposeModelGrant } from './proposeModelGrant'
import { proposeSlash } from './proposeSlash'
import { type DemoUpgrade, proposeUpgrade } from './proposeUpgrade'
import { runInferences } from './runInferences'
import { type DemoContribution, type DemoDatanet, seedDatanets } from './seedDatanets'
import { bondValidators, DEMO_AMOUNTS, stakeMembers, unstakeAfterLock } from './staking'
import { type DemoModel, trainModel } from './trainModel'

export type DemoOptions = {
  /** Paid inferences (times `scale`). @default 300 */
  inferences?: number
  /** Multiplies the inference count, for benchmark-sized workloads. @default 1 */
  scale?: number
  /** Use a seeded sample of this many emails instead of all 6,046 (tests). */
  maxEmails?: number
  /** Inferences per round (request → fulfil → settle). @default 100 */
  perRound?: number
  device?: AttributionDevice
  /** How the dishonest validator cheats (see `dishonestStrategies`). @default 'inflate' */
  dishonest?: DishonestStrategy
}

export type DemoResult = {
  datanets: DemoDatanet[]
  contributions: DemoContribution[]
  model: DemoModel
  /** `honest` is false for the settlements the dishonest validator cheated on. */
  settlements: DemoSettlement[]
  /** Cheats the contract refused (e.g. a contribution paid twice), with its error. */
  rejected: RejectedCheat[]
  inferenceIds: bigint[]
  proposals: { fundModel: bigint; feePolicy: bigint; slash: bigint }
  /** The router's upgrade to V2 through governance, and the inferences rated through it. */
  upgrade: DemoUpgrade
  /** Hash (artifact store) of the evidence the slash proposal cites. */
  evidenceHash: Hex
  scoringDevice?: string
}

/**
 * The whole demo economy, deterministic by `ctx.seed`: datanets of real emails with contributions,
 * reviews and sealed versions; a spam classifier trained on them and registered; validators bonded;
 * members staking and holding votes; a proposal funding the model; paid inferences on held-out
 * emails settled by two honest oracles and one that inflates an accomplice's weight; a proposal
 * changing the fee policy half way; an unstake; a proposal upgrading the router to V2 (ratings); and a proposal slashing the dishonest validator
 * with the evidence's hash.
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
  await bondValidators(ctx, DEMO_AMOUNTS.validatorBond)
  const stakeIds = await stakeMembers(ctx, DEMO_AMOUNTS.stake)
  await delegateVotes(ctx, roles.members, DEMO_AMOUNTS.votes)
  const fundModel = await proposeModelGrant(ctx, model.id)

  const demo = createDemoOracles(ctx, { contributions, strategy, device: opts.device })
  const count = (opts.inferences ?? 300) * (opts.scale ?? 1)
  const perRound = opts.perRound ?? 100
  const rounds = Math.ceil(count / perRound)
  let feePolicy = 0n
  const results = await runInferences(ctx, model, heldOut, demo.oracles, {
    count,
    perRound,
    onRound: async (round) => {
      // Half way through, governance changes the fee policy: later settlements pay by the new one.
      if (round === Math.floor((rounds - 1) / 2)) feePolicy = await proposeFeePolicy(ctx)
    },
  })
  const scoringDevice = demo.oracles.map((o) => o.device()).find(Boolean)
  await demo.close()

  await unstakeAfterLock(ctx, roles.members[0], stakeIds[0])
  const inferenceIds = results.flatMap((r) => r.requested)
  const upgrade = await proposeUpgrade(ctx, inferenceIds.slice(0, 5))
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
    inferenceIds,
    rejected,
    proposals: { fundModel, feePolicy, slash },
    upgrade,
    evidenceHash,
    scoringDevice,
  }
}
