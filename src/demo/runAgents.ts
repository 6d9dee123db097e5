import { type Hex, parseEventLogs } from 'viem'
import { agentRegistryAbi } from '../abi/viem'
import { createPrng } from '../attribution/prng'
import type { LabelledEmail } from '../attribution/spamAssassin'
import type { Oracle, OracleSettlement } from '../oracle/createOracle'
import { addressOf, call, type DemoContext, send } from './demoContext'
import { fulfilInferences } from './fulfilInferences'
import { modelServer } from './modelServer'
import type { DemoModel } from './trainModel'

// Fixed limit (measured ~290k, ~340k for the registry's first action: the router's request plus the
// registry's bookkeeping and payout) skips a gas estimate per action.
const ACT_GAS = 500_000n

export type DemoAgents = {
  agentIds: bigint[]
  actionIds: bigint[]
  /** The inferences the actions caused (requested by the registry, settled like any other). */
  inferenceIds: bigint[]
  settled: OracleSettlement[]
}

/**
 * Agents in the demo economy: contributors deploy agents on the demo model (each with another
 * contributor as its operator and a margin over the model's price), members pay them to classify
 * held-out emails, the model owner serves the inferences the agents requested through the router,
 * and the oracles settle them like any other (attribution and fee split unchanged).
 *
 * @throws {BatchTxFailedError} when a deploy, action or fulfilment reverts.
 * @example
 * const agents = await runAgents(ctx, model, heldOut, oracles, { agents: 2, actionsPerAgent: 3 })
 */
export async function runAgents(
  ctx: DemoContext,
  model: DemoModel,
  emails: readonly LabelledEmail[],
  oracles: readonly Oracle[],
  opts: { agents: number; actionsPerAgent: number },
): Promise<DemoAgents> {
  const registry = addressOf(ctx, 'AgentRegistry')
  const { contributors, members } = ctx.roles
  const n = contributors.length
  const prices = Array.from(
    { length: opts.agents },
    (_, i) => (model.price * BigInt(120 + 10 * (i % 8))) / 100n,
  )
  const deployed = await send(
    ctx,
    prices.map((price, i) =>
      call(contributors[n - 1 - (i % n)], registry, agentRegistryAbi, 'deployAgent', [
        model.id,
        1,
        contributors[i % n],
        price,
        `ipfs://demo/agent/${i + 1}`,
      ]),
    ),
  )
  const agentIds = deployed.map(
    (r) =>
      parseEventLogs({ abi: agentRegistryAbi, logs: r.logs as never, eventName: 'AgentDeployed' })[0].args
        .agentId,
  )

  const rng = createPrng(ctx.seed * 7919 + 11)
  const bar = ctx.progress.step('agent actions', opts.agents * opts.actionsPerAgent)
  const inputs: Hex[] = []
  const actions = []
  for (let k = 0; k < opts.actionsPerAgent; k++)
    for (const [i, agentId] of agentIds.entries()) {
      const email = emails[rng.int(emails.length)]
      const input = await ctx.store.put(new TextEncoder().encode(email.text))
      inputs.push(input)
      const payer = members[(k * agentIds.length + i) % members.length]
      actions.push({
        ...call(payer, registry, agentRegistryAbi, 'act', [agentId, input], prices[i]),
        gas: ACT_GAS,
      })
    }
  const executed = (await send(ctx, actions)).map(
    (r) =>
      parseEventLogs({ abi: agentRegistryAbi, logs: r.logs as never, eventName: 'AgentActionExecuted' })[0]
        .args,
  )
  const inferenceIds = executed.map((e) => e.inferenceId)
  await fulfilInferences(ctx, await modelServer(ctx, model), inferenceIds, inputs)
  const settled: OracleSettlement[] = []
  for (const oracle of oracles) settled.push(...(await oracle.poll()))
  bar.tick(actions.length)
  bar.done()
  return { agentIds, actionIds: executed.map((e) => e.actionId), inferenceIds, settled }
}
