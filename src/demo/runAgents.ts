import { type Hex, parseEventLogs } from 'viem'
import { agentRegistryAbi } from '../abi/viem'
import { loadModelPackage } from '../attribution/modelPackage'
import { createPrng } from '../attribution/prng'
import type { LabelledEmail } from '../attribution/spamAssassin'
import type { Oracle, OracleSettlement } from '../oracle/createOracle'
import { addressOf, call, type DemoContext, send } from './demoContext'
import { fulfilInferences } from './fulfilInferences'
import type { DemoModel } from './trainModel'

/** Agents deployed per unit of the demo's scale. */
export const AGENTS_PER_SCALE = 2
/** Actions per agent at most (fewer in a small demo: agents take at most a quarter of its inferences). */
export const MAX_ACTIONS_PER_AGENT = 3
// Fixed limit (measured ~200k: the router's request plus the registry's bookkeeping and payout).
const ACT_GAS = 400_000n

export type DemoAgents = {
  agentIds: bigint[]
  actionIds: bigint[]
  /** The inferences the actions caused (requested by the registry, settled like any other). */
  inferenceIds: bigint[]
  settled: OracleSettlement[]
}

/**
 * How the demo's `count` paid inferences split between agents and direct callers: `agents` agents
 * (AGENTS_PER_SCALE per scale, never more than the inferences) acting `actionsPerAgent` times each.
 *
 * @example
 * agentShare(300, 1) // { agents: 2, actionsPerAgent: 3, actions: 6 }
 */
export function agentShare(count: number, scale: number) {
  const agents = Math.min(AGENTS_PER_SCALE * Math.max(1, Math.floor(scale)), count)
  const actionsPerAgent =
    agents === 0 ? 0 : Math.max(1, Math.min(MAX_ACTIONS_PER_AGENT, Math.floor(count / (4 * agents))))
  return { agents, actionsPerAgent, actions: agents * actionsPerAgent }
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
  const { checkpoints } = await loadModelPackage(ctx.store, model.artifactHash)
  await fulfilInferences(ctx, checkpoints[checkpoints.length - 1], inferenceIds, inputs)
  const settled: OracleSettlement[] = []
  for (const oracle of oracles) settled.push(...(await oracle.poll()))
  bar.tick(actions.length)
  bar.done()
  return { agentIds, actionIds: executed.map((e) => e.actionId), inferenceIds, settled }
}
