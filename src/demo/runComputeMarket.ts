import { type Address, type Hex, parseEventLogs, toHex } from 'viem'
import { computeMarketAbi } from '../abi/viem'
import { createPrng } from '../attribution/prng'
import type { LabelledEmail } from '../attribution/spamAssassin'
import { rpc } from '../chain/rpc'
import { addressOf, call, type DemoContext, send } from './demoContext'
import { modelServer } from './modelServer'
import type { DemoModel } from './trainModel'
import type { TxReceipt } from './txBatch'

/** What the compute market chapter did. */
export type DemoCompute = {
  /** Reliable, reliable, unreliable (misses every request assigned to it). */
  providers: Address[]
  /** Router inferences the reliable providers created by fulfilling (settled by the oracles later). */
  inferenceIds: bigint[]
  /** Requests that passed their deadline, were claimed missed and slashed. */
  missed: { requestId: bigint; provider: Address; refund: bigint; slashed: bigint }[]
  /** The unreliable provider's withdrawal of what the slashes left (0 when nothing was left). */
  withdrawn: bigint
}

/** Requests per batch: a batch's fulfilments land well within the deadline window. */
const PER_ROUND = 30

/**
 * Bonded compute providers serve the demo model: three providers (the last three contributor
 * accounts) bond three minimum bonds each; members pay `6 × scale` requests round-robin over them;
 * two providers fulfil every request assigned to them (the market requests and fulfils on the
 * router, so the oracles settle these inferences with the rest), the third fulfils none. Once the
 * deadlines pass a member claims each missed request (refund to the payer, slash to the
 * treasury), then the unreliable provider unbonds what is left and withdraws after the delay.
 *
 * @throws {BatchTxFailedError} when a transaction reverts.
 * @example
 * const compute = await runComputeMarket(ctx, model, heldOut, { scale: 1 })
 */
export async function runComputeMarket(
  ctx: DemoContext,
  model: DemoModel,
  emails: readonly LabelledEmail[],
  opts: { scale?: number } = {},
): Promise<DemoCompute> {
  const market = addressOf(ctx, 'ComputeMarket')
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    ctx.publicClient.readContract({
      address: market,
      abi: computeMarketAbi,
      functionName,
      args,
    } as never) as Promise<T>
  const [minBond, deadlineBlocks, unbondingDelay] = await Promise.all([
    read<bigint>('minBond'),
    read<bigint>('deadlineBlocks'),
    read<bigint>('unbondingDelayBlocks'),
  ])
  const providers = ctx.roles.contributors.slice(-3)
  const unreliable = providers[2]
  await send(
    ctx,
    providers.map((p) => call(p, market, computeMarketAbi, 'bond', [model.id], 3n * minBond)),
  )
  const serve = await modelServer(ctx, model)
  const rng = createPrng(ctx.seed * 7919 + 11)
  const count = 6 * (opts.scale ?? 1)
  const bar = ctx.progress.step('compute requests', count)
  const inferenceIds: bigint[] = []
  const open: bigint[] = []
  for (let done = 0; done < count; ) {
    const n = Math.min(PER_ROUND, count - done)
    const inputs: Hex[] = []
    for (let i = 0; i < n; i++)
      inputs.push(await ctx.store.put(new TextEncoder().encode(emails[rng.int(emails.length)].text)))
    const assigned = inputs.map((_, i) => providers[(done + i) % providers.length])
    const requested = await send(
      ctx,
      inputs.map((h, i) =>
        call(
          ctx.roles.members[(done + i) % ctx.roles.members.length],
          market,
          computeMarketAbi,
          'request',
          [model.id, h, assigned[i]],
          model.price,
        ),
      ),
    )
    const ids = requested.map((r) => logsOf(r, 'ComputeRequested')[0].args.requestId as bigint)
    const fulfils = []
    for (let i = 0; i < n; i++) {
      if (assigned[i] === unreliable) open.push(ids[i])
      else
        fulfils.push(call(assigned[i], market, computeMarketAbi, 'fulfil', [ids[i], await serve(inputs[i])]))
    }
    for (const r of await send(ctx, fulfils))
      inferenceIds.push(logsOf(r, 'ComputeFulfilled')[0].args.inferenceId as bigint)
    done += n
    bar.tick(n)
  }
  bar.done()

  await rpc(ctx.rpcUrl, 'anvil_mine', [toHex(deadlineBlocks + 1n)])
  const claims = await send(
    ctx,
    open.map((id) => call(ctx.roles.members[0], market, computeMarketAbi, 'claimMissed', [id])),
  )
  const missed = claims.map((r) => {
    const { args } = logsOf(r, 'ComputeMissed')[0] as unknown as {
      args: { requestId: bigint; provider: Address; refund: bigint; slashed: bigint }
    }
    return { requestId: args.requestId, provider: args.provider, refund: args.refund, slashed: args.slashed }
  })
  const left = (await read<{ bonded: bigint }>('positionOf', [unreliable, model.id])).bonded
  if (left > 0n) {
    await send(ctx, [call(unreliable, market, computeMarketAbi, 'requestUnbond', [model.id, left])])
    await rpc(ctx.rpcUrl, 'anvil_mine', [toHex(unbondingDelay)])
    await send(ctx, [call(unreliable, market, computeMarketAbi, 'withdraw', [model.id])])
  }
  ctx.progress.log(
    `compute market: ${inferenceIds.length} requests fulfilled by 2 providers, ${missed.length} missed and slashed ` +
      `${missed.reduce((s, m) => s + m.slashed, 0n)} wei; the unreliable provider withdrew ${left} wei`,
  )
  return { providers, inferenceIds, missed, withdrawn: left }
}

const logsOf = (r: TxReceipt, eventName: string) =>
  parseEventLogs({
    abi: computeMarketAbi,
    logs: r.logs as never,
    eventName: eventName as never,
  }) as unknown as {
    args: Record<string, unknown>
  }[]
