import type { Address } from 'viem'
import { createModelScorerCache } from '../attribution/modelScorer'
import type { AttributionDevice } from '../attribution/onnx/createSession'
import { createOracle, type Oracle, type OracleOptions, type OracleSettlement } from '../oracle/createOracle'
import type { DemoContext } from './demoContext'
import type { DishonestStrategy } from './dishonestStrategies'
import { dishonestTamper } from './dishonestTamper'
import { revertReason } from './revertReason'
import type { DemoContribution } from './seedDatanets'
import { type BatchTx, sendBatch } from './txBatch'

/** A settlement that landed, with who settled it and whether it was cheated on. */
export type DemoSettlement = OracleSettlement & { validator: Address; honest: boolean }

/** A cheat the contract refused (e.g. a contribution paid twice), with its error. */
export type RejectedCheat = { inferenceId: bigint; error: string }

/**
 * The demo's three oracles sharing one scorer cache: two honest validators splitting the
 * inferences not divisible by 10 by parity, and the dishonest validator taking every tenth and
 * settling it with `strategy`'s weights for an accomplice (the first accepted contribution of the
 * first contributor). The dishonest oracle sends its transactions one by one so that one the
 * contract refuses lands in `rejected` instead of stopping the demo. `settlements` collects what
 * landed as the oracles poll.
 *
 * @example
 * const demo = createDemoOracles(ctx, { contributions, strategy: 'inflate' })
 * await runInferences(ctx, model, heldOut, demo.oracles, { count: 300 })
 * await demo.close()
 */
export function createDemoOracles(
  ctx: DemoContext,
  opts: {
    contributions: readonly DemoContribution[]
    strategy: DishonestStrategy
    device?: AttributionDevice
  },
): { oracles: Oracle[]; settlements: DemoSettlement[]; rejected: RejectedCheat[]; close(): Promise<void> } {
  const { roles } = ctx
  const settlements: DemoSettlement[] = []
  const rejected: RejectedCheat[] = []
  const sender = (txs: BatchTx[]) => sendBatch(ctx.rpcUrl, txs)
  // The cheat's transactions one by one: one the contract refuses must not stop the demo.
  const cheatSender = async (txs: BatchTx[]) => {
    for (const tx of txs)
      await sendBatch(ctx.rpcUrl, [tx]).catch(async (err: Error) => {
        const inferenceId = BigInt(tx.label?.split(' ').pop() ?? '0')
        const error = (await revertReason(ctx.publicClient, tx)) ?? errorText(err)
        rejected.push({ inferenceId, error })
        ctx.progress.log(`${tx.label}: rejected by the contract (${error})`)
      })
  }
  const accomplice = opts.contributions.find((c) => c.accepted && c.contributor === roles.contributors[0])?.id
  const outsider = opts.contributions.find((c) => !c.accepted)?.id
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
          : onlyWhereTrained(
              accomplice,
              dishonestTamper(opts.strategy, {
                accomplice,
                outsider: outsider ?? 0n,
                onCheat: (id) => cheated.add(id),
              }),
            ),
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
  return { oracles, settlements, rejected, close: () => scorers.close() }
}

/**
 * The cheat applies to the model whose training set holds the accomplice: a fine-tune's own level
 * trains on other contributions, where paying the accomplice would only be refused.
 */
function onlyWhereTrained(
  accomplice: bigint,
  tamper: NonNullable<OracleOptions['tamper']>,
): OracleOptions['tamper'] {
  const id = accomplice.toString()
  return (inferenceId, weights, context) =>
    context.model.pkg.training.some((t) => t.contributionId === id)
      ? tamper(inferenceId, weights, context)
      : weights
}

function errorText(err: Error): string {
  const cause = (err as { cause?: { message?: string } }).cause?.message
  return (cause ?? err.message).split('\n')[0]
}
