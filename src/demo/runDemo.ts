import { type Address, BaseError, decodeErrorResult, encodeFunctionData, type Hex } from 'viem'
import { attributionValidatorsAbi, inferenceRouterAbi, modelFundAbi, policyRegistryAbi } from '../abi/viem'
import { createModelScorerCache } from '../attribution/modelScorer'
import type { AttributionDevice } from '../attribution/onnx/createSession'
import { type LabelledEmail, loadSpamAssassin } from '../attribution/spamAssassin'
import { seededSample, splitTrainTest } from '../attribution/split'
import { createOracle, type Oracle, type OracleSettlement } from '../oracle/createOracle'
import { addressOf, type DemoContext } from './demoContext'
import type { DishonestStrategy } from './dishonestStrategies'
import { dishonestTamper } from './dishonestTamper'
import { delegateVotes, passProposal } from './governance'
import { runInferences } from './runInferences'
import { type DemoContribution, type DemoDatanet, seedDatanets } from './seedDatanets'
import { bondValidators, DEMO_AMOUNTS, stakeMembers, unstakeAfterLock } from './staking'
import { type DemoModel, trainModel } from './trainModel'
import { type BatchTx, sendBatch } from './txBatch'

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
  settlements: (OracleSettlement & { validator: Address; honest: boolean })[]
  /** Cheats the contract refused (e.g. a contribution paid twice), with its error. */
  rejected: { inferenceId: bigint; error: string }[]
  inferenceIds: bigint[]
  proposals: { fundModel: bigint; feePolicy: bigint; slash: bigint }
  /** Hash (artifact store) of the evidence the slash proposal cites. */
  evidenceHash: Hex
  scoringDevice?: string
}

/** The fee policy the second proposal puts in force (bps): more to the model owner, less to stakers. */
export const DEMO_NEW_FEE_POLICY = [1000, 2500, 1500, 5000] as const

/**
 * The whole demo economy, deterministic by `ctx.seed`: datanets of real emails with contributions,
 * reviews and sealed versions; a spam classifier trained on them and registered; validators bonded;
 * members staking and holding votes; a proposal funding the model; paid inferences on held-out
 * emails settled by two honest oracles and one that inflates an accomplice's weight; a proposal
 * changing the fee policy half way; an unstake; and a proposal slashing the dishonest validator
 * with the evidence's hash.
 *
 * @example
 * const result = await runDemo(ctx, { inferences: 300 })
 */
export async function runDemo(ctx: DemoContext, opts: DemoOptions = {}): Promise<DemoResult> {
  const { roles } = ctx
  let emails: LabelledEmail[] = loadSpamAssassin()
  if (opts.maxEmails) emails = seededSample(emails.length, opts.maxEmails, ctx.seed).map((i) => emails[i])
  const split = splitTrainTest(emails.length, { testFraction: 0.1, seed: ctx.seed })
  const train = split.train.map((i) => emails[i])
  const heldOut = split.test.map((i) => emails[i])

  const { datanets, contributions } = await seedDatanets(ctx, train)
  const model = await trainModel(ctx, datanets, contributions, heldOut)
  await bondValidators(ctx, DEMO_AMOUNTS.validatorBond)
  const stakeIds = await stakeMembers(ctx, DEMO_AMOUNTS.stake)
  await delegateVotes(ctx, roles.members, DEMO_AMOUNTS.votes)

  const fundModel = await passProposal(ctx, roles.members, {
    targets: [addressOf(ctx, 'ModelFund')],
    values: [0n],
    calldatas: [
      encodeFunctionData({
        abi: modelFundAbi,
        functionName: 'fundModel',
        args: [model.id, DEMO_AMOUNTS.grant, 'Grant: SpamGuard keeps inboxes clean'],
      }),
    ],
    description: `Fund model ${model.id} (SpamGuard) with 10,000 OPEN from the model fund`,
  })

  const settlements: DemoResult['settlements'] = []
  const rejected: DemoResult['rejected'] = []
  const sender = (txs: Parameters<typeof sendBatch>[1]) => sendBatch(ctx.rpcUrl, txs)
  // The cheat's transactions one by one: one the contract refuses must not stop the demo.
  const cheatSender = async (txs: Parameters<typeof sendBatch>[1]) => {
    for (const tx of txs)
      await sendBatch(ctx.rpcUrl, [tx]).catch(async (err: Error) => {
        const inferenceId = BigInt(tx.label?.split(' ').pop() ?? '0')
        const error = (await revertReason(ctx, tx)) ?? errorText(err)
        rejected.push({ inferenceId, error })
        ctx.progress.log(`${tx.label}: rejected by the contract (${error})`)
      })
  }
  const accomplice = contributions.find((c) => c.accepted && c.contributor === roles.contributors[0])?.id
  const outsider = contributions.find((c) => !c.accepted)?.id
  const cheated = new Set<bigint>()
  const scorers = createModelScorerCache(ctx.store, { device: opts.device })
  const oracleFor = (validator: Address, accepts: (id: bigint) => boolean, honest: boolean): Oracle => {
    const oracle = createOracle({
      publicClient: ctx.publicClient,
      manifest: ctx.manifest,
      validator,
      store: ctx.store,
      send: honest ? sender : cheatSender,
      scorers,
      accepts,
      tamper:
        honest || accomplice === undefined
          ? undefined
          : dishonestTamper(opts.dishonest ?? 'inflate', {
              accomplice,
              outsider: outsider ?? 0n,
              onCheat: (id) => cheated.add(id),
            }),
      log: ctx.progress.log,
    })
    return {
      ...oracle,
      poll: async () => {
        const done = await oracle.poll()
        const landed = done.filter((s) => !rejected.some((r) => r.inferenceId === s.inferenceId))
        settlements.push(...landed.map((s) => ({ ...s, validator, honest: !cheated.has(s.inferenceId) })))
        return landed
      },
    }
  }
  const oracles = [
    oracleFor(roles.validators[0], (id) => id % 10n !== 0n && id % 2n === 0n, true),
    oracleFor(roles.validators[1], (id) => id % 10n !== 0n && id % 2n === 1n, true),
    oracleFor(roles.dishonestValidator, (id) => id % 10n === 0n, false),
  ]

  const count = (opts.inferences ?? 300) * (opts.scale ?? 1)
  const perRound = opts.perRound ?? 100
  const rounds = Math.ceil(count / perRound)
  let feePolicy = 0n
  const results = await runInferences(ctx, model, heldOut, oracles, {
    count,
    perRound,
    onRound: async (round) => {
      // Half way through, governance changes the fee policy: later settlements pay by the new one.
      if (round !== Math.floor((rounds - 1) / 2)) return
      feePolicy = await passProposal(ctx, roles.members, {
        targets: [addressOf(ctx, 'PolicyRegistry')],
        values: [0n],
        calldatas: [
          encodeFunctionData({
            abi: policyRegistryAbi,
            functionName: 'setFeePolicy',
            args: [...DEMO_NEW_FEE_POLICY],
          }),
        ],
        description: 'Fee policy: 10% protocol, 25% model owner, 15% stakers, 50% contributors',
      })
    },
  })
  const scoringDevice = oracles.map((o) => o.device()).find(Boolean)
  await scorers.close()

  await unstakeAfterLock(ctx, roles.members[0], stakeIds[0])

  const tampered = settlements.filter((s) => !s.honest)
  const evidence = {
    kind: 'openledger-slash-evidence/1',
    validator: roles.dishonestValidator,
    inferences: tampered.map((s) => ({
      inferenceId: s.inferenceId.toString(),
      settled: s.weights.map((w) => [w.contributionId.toString(), w.weightPpm]),
    })),
  }
  const evidenceHash = await ctx.store.put(new TextEncoder().encode(JSON.stringify(evidence)))
  const slash = await passProposal(ctx, roles.members, {
    targets: [addressOf(ctx, 'AttributionValidators')],
    values: [0n],
    calldatas: [
      encodeFunctionData({
        abi: attributionValidatorsAbi,
        functionName: 'slash',
        args: [roles.dishonestValidator, DEMO_AMOUNTS.validatorBond / 2n, evidenceHash],
      }),
    ],
    description: `Slash validator ${roles.dishonestValidator} for ${tampered.length} settlements cheating (${opts.dishonest ?? 'inflate'}; evidence ${evidenceHash})`,
  })

  return {
    datanets,
    contributions,
    model,
    settlements,
    inferenceIds: results.flatMap((r) => r.requested),
    rejected,
    proposals: { fundModel, feePolicy, slash },
    evidenceHash,
    scoringDevice,
  }
}

function errorText(err: Error): string {
  const cause = (err as { cause?: { message?: string } }).cause?.message
  return (cause ?? err.message).split('\n')[0]
}

/** The router's custom error of a reverting transaction, e.g. `DuplicateContribution(12)`. */
async function revertReason(ctx: DemoContext, tx: BatchTx): Promise<string | undefined> {
  try {
    await ctx.publicClient.call({ account: tx.from, to: tx.to, data: tx.data })
    return undefined
  } catch (err) {
    const raw =
      err instanceof BaseError
        ? err.walk((e) => typeof (e as { data?: unknown }).data === 'string')
        : undefined
    const data = (raw as { data?: Hex } | undefined)?.data
    if (!data) return undefined
    try {
      const { errorName, args } = decodeErrorResult({ abi: inferenceRouterAbi, data })
      return `${errorName}(${(args ?? []).map(String).join(', ')})`
    } catch {
      return undefined
    }
  }
}
