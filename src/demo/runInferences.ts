import { type Hex, parseEventLogs } from 'viem'
import { inferenceRouterAbi } from '../abi/viem'
import { createPrng } from '../attribution/prng'
import type { LabelledEmail } from '../attribution/spamAssassin'
import type { Oracle, OracleSettlement } from '../oracle/createOracle'
import { addressOf, call, type DemoContext, send } from './demoContext'
import { fulfilInferences } from './fulfilInferences'
import { modelServer } from './modelServer'
import type { DemoModel } from './trainModel'

// Fixed limit (measured ~130k) skips a gas estimate per transaction: the node would run each
// transaction twice, and at scale that is most of the demo's time.
const REQUEST_GAS = 250_000n

export type InferenceRound = { requested: bigint[]; settled: OracleSettlement[] }

/**
 * `count` paid inferences of `model` on held-out emails, in rounds: members request (paying the
 * price in native OPEN, input in the artifact store), the model owner serves and fulfils (output
 * in the store), then every oracle polls and settles what it can. Returns per-round results.
 *
 * @example
 * const rounds = await runInferences(ctx, model, heldOut, [oracle], { count: 300, perRound: 50 })
 */
export async function runInferences(
  ctx: DemoContext,
  model: DemoModel,
  emails: readonly LabelledEmail[],
  oracles: readonly Oracle[],
  opts: { count: number; perRound?: number; onRound?: (round: number) => Promise<void> },
): Promise<InferenceRound[]> {
  const router = addressOf(ctx, 'InferenceRouter')
  const perRound = opts.perRound ?? 100
  const rng = createPrng(ctx.seed * 104729 + 3)
  const serve = await modelServer(ctx, model)
  const bar = ctx.progress.step('inferences', opts.count)
  const rounds: InferenceRound[] = []
  for (let done = 0, round = 0; done < opts.count; round++) {
    const n = Math.min(perRound, opts.count - done)
    const inputs: Hex[] = []
    for (let i = 0; i < n; i++) {
      const email = emails[rng.int(emails.length)]
      inputs.push(await ctx.store.put(new TextEncoder().encode(email.text)))
    }
    const requests = await send(
      ctx,
      inputs.map((h, i) => ({
        ...call(
          ctx.roles.members[(done + i) % ctx.roles.members.length],
          router,
          inferenceRouterAbi,
          'request',
          [model.id, h],
          model.price,
        ),
        gas: REQUEST_GAS,
      })),
    )
    const ids = requests.map((r) => {
      const [ev] = parseEventLogs({
        abi: inferenceRouterAbi,
        logs: r.logs as never,
        eventName: 'InferenceRequested',
      })
      return ev.args.inferenceId
    })
    await fulfilInferences(ctx, serve, ids, inputs)
    const settled: OracleSettlement[] = []
    for (const oracle of oracles) settled.push(...(await oracle.poll()))
    rounds.push({ requested: ids, settled })
    done += n
    bar.tick(n)
    await opts.onRound?.(round)
  }
  bar.done()
  return rounds
}
