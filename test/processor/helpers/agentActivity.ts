import { type Address, encodeFunctionData, parseEther } from 'viem'
import { escapeText } from '../../../src/computation/storableText'
import { rejectingPayerAbi } from '../../abi/viem'
import { fulfil, type Model, settle } from '../../contracts/ai/simulate'
import { type Agent, act, agentCall, agentRegistryAbi, deployAgent } from '../../contracts/ai/simulateAgents'
import { send, type TestChain } from '../../setup/chain'
import type { TestDatabase } from './database'
import type { Workload } from './workload'

/** Metadata a hostile deployer may choose: NUL (stored escaped), bidi overrides, markup, emoji. */
export const HOSTILE_METADATA = 'ipfs://x\u0000\u202Eevil\u202C<script>alert(1)</script>🤖'

export type AgentFleet = { registry: Address; model: Model; agents: Agent[] }

/**
 * Deploys three agents on the workload's model through the stack's AgentRegistry: a plain one, one
 * with hostile metadata and a separate operator, and one owned by a contract that rejects native
 * OPEN (its margins are deferred).
 *
 * @example
 * const fleet = await deployAgentFleet(chain, w)
 */
export async function deployAgentFleet(chain: TestChain, w: Workload): Promise<AgentFleet> {
  const registry = w.manifest.contracts.AgentRegistry!.address
  const model = w.models[0]
  const plain = await deployAgent(registry, model, chain.wallets[16], { price: parseEther('0.5') })
  const hostile = await deployAgent(registry, model, chain.wallets[17], {
    price: parseEther('0.37'),
    operator: chain.accounts[18],
    metadataURI: HOSTILE_METADATA,
  })
  const rejecter = await chain.deploy('RejectingPayer')
  const data = encodeFunctionData({
    abi: agentRegistryAbi,
    functionName: 'deployAgent',
    args: [model.id, 1, chain.accounts[18], parseEther('0.4'), 'ipfs://rejecting-owner'],
  })
  await send(chain, chain.wallets[16], {
    address: rejecter,
    abi: rejectingPayerAbi,
    functionName: 'execute',
    args: [registry, data, 0n],
  })
  const rejecting: Agent = { ...plain, id: 3n, price: parseEther('0.4') }
  return { registry, model, agents: [plain, hostile, rejecting] }
}

/**
 * One round of agent activity: every agent acts twice from two callers, the first action of the
 * round is fulfilled and settled, the operator reprices the second agent; `round` varies inputs.
 *
 * @example
 * await agentRound(chain, w, fleet, 1)
 */
export async function agentRound(chain: TestChain, w: Workload, fleet: AgentFleet, round: number) {
  const [plain, hostile] = fleet.agents
  const actions = []
  for (const [i, agent] of fleet.agents.entries())
    for (const caller of [chain.wallets[12], chain.wallets[13]])
      actions.push(await act(agent, caller, `round ${round} agent ${i} from ${caller.account.address}`))
  const first = actions[0]
  const inference = {
    model: fleet.model,
    id: first.inferenceId,
    caller: chain.wallets[12],
    fee: first.modelFee,
  }
  await fulfil(inference, `agent answer ${round}`)
  await settle(inference, chain.wallets[7], [
    [w.contributions[0], 600_000],
    [w.contributions[1], 400_000],
  ])
  const price = parseEther('0.37') + BigInt(round)
  await agentCall(hostile, chain.wallets[18], 'setPrice', [hostile.id, price])
  hostile.price = price
  return { actions, plain, hostile }
}

/**
 * Owner-side changes: pause and resume, a new operator, new metadata, an NFT transfer.
 *
 * @example
 * await agentOwnerChanges(chain, fleet)
 */
export async function agentOwnerChanges(chain: TestChain, fleet: AgentFleet) {
  const [plain, hostile] = fleet.agents
  await agentCall(plain, chain.wallets[16], 'setPaused', [plain.id, true])
  await agentCall(plain, chain.wallets[16], 'setPaused', [plain.id, false])
  await agentCall(plain, chain.wallets[16], 'setOperator', [plain.id, chain.accounts[19]])
  await agentCall(plain, chain.wallets[16], 'setMetadataURI', [plain.id, 'ipfs://agent/v2'])
  await agentCall(hostile, chain.wallets[17], 'transferFrom', [
    chain.accounts[17],
    chain.accounts[15],
    hostile.id,
  ])
}

type AgentRow = {
  id: string
  owner_id: string
  operator_id: string
  model_id: string
  bound_version: number
  price_per_action: string
  paused: boolean
  metadata_uri: string
  action_count: number
  revenue: string
  model_cost: string
  margin: string
  refunded: string
  reclaimed_count: number
}
type ActionRow = {
  id: string
  agent_id: string
  caller_id: string
  inference_id: string | null
  router_inference_id: string
  paid: string
  model_fee: string
  margin: string
  reclaimed: boolean
  refund: string | null
}

/**
 * The indexed agents and actions, and the same records as the chain says them (views read through
 * viem at `blockNumber`, totals summed from the registry's logs up to it), in one comparable shape.
 *
 * @example
 * const { indexed, chain: onChain } = await agentsFromBothSides(chain, db, registry, head)
 * expect(indexed).toEqual(onChain)
 */
export async function agentsFromBothSides(
  chain: TestChain,
  db: TestDatabase,
  registry: Address,
  blockNumber: bigint,
) {
  const agents = await db.query<AgentRow>(
    `SELECT id, owner_id, operator_id, model_id, bound_version, price_per_action::text, paused, metadata_uri,
            action_count, revenue::text, model_cost::text, margin::text, refunded::text, reclaimed_count
       FROM agent ORDER BY id::numeric`,
  )
  const actions = await db.query<ActionRow>(
    `SELECT id, agent_id, caller_id, inference_id, router_inference_id::text, paid::text, model_fee::text,
            margin::text, reclaimed, refund::text FROM agent_action ORDER BY id::numeric`,
  )
  const view = { address: registry, abi: agentRegistryAbi, blockNumber } as const
  const read = (functionName: string, args: unknown[] = []) =>
    chain.publicClient.readContract({ ...view, functionName, args } as never) as Promise<unknown>
  const range = { address: registry, abi: agentRegistryAbi, fromBlock: 0n, toBlock: blockNumber } as const
  const [executed, reclaimed] = await Promise.all([
    chain.publicClient.getContractEvents({ ...range, eventName: 'AgentActionExecuted' }),
    chain.publicClient.getContractEvents({ ...range, eventName: 'ActionReclaimed' }),
  ])
  const agentCount = Number(await read('agentCount'))
  const chainAgents = []
  for (let id = 1; id <= agentCount; id++) {
    const a = (await read('agentOf', [BigInt(id)])) as {
      modelId: bigint
      pricePerAction: bigint
      operator: Address
      modelVersion: number
      paused: boolean
      actionCount: bigint
      metadataURI: string
    }
    const mine = executed.filter((e) => e.args.agentId === BigInt(id))
    const refunds = reclaimed.filter((e) =>
      executed.some((x) => x.args.actionId === e.args.actionId && x.args.agentId === BigInt(id)),
    )
    const revenue = mine.reduce((s, e) => s + (e.args.paid ?? 0n), 0n)
    const cost = mine.reduce((s, e) => s + (e.args.modelFee ?? 0n), 0n)
    chainAgents.push({
      id: String(id),
      owner_id: ((await read('ownerOf', [BigInt(id)])) as string).toLowerCase(),
      operator_id: a.operator.toLowerCase(),
      model_id: a.modelId.toString(),
      bound_version: a.modelVersion,
      price_per_action: a.pricePerAction.toString(),
      paused: a.paused,
      // What PostgreSQL cannot store is stored escaped (see schema.graphql).
      metadata_uri: escapeText(a.metadataURI),
      action_count: Number(a.actionCount),
      revenue: revenue.toString(),
      model_cost: cost.toString(),
      margin: (revenue - cost).toString(),
      refunded: refunds.reduce((s, e) => s + (e.args.refund ?? 0n), 0n).toString(),
      reclaimed_count: refunds.length,
    })
  }
  const actionCount = Number(await read('actionCount'))
  const chainActions = []
  for (let id = 1; id <= actionCount; id++) {
    const a = (await read('actionOf', [BigInt(id)])) as {
      agentId: bigint
      inferenceId: bigint
      payer: Address
      modelFee: bigint
      reclaimed: boolean
    }
    const ev = executed.find((e) => e.args.actionId === BigInt(id))
    const refund = reclaimed.find((e) => e.args.actionId === BigInt(id))?.args.refund
    chainActions.push({
      id: String(id),
      agent_id: a.agentId.toString(),
      caller_id: a.payer.toLowerCase(),
      inference_id: a.inferenceId.toString(),
      router_inference_id: a.inferenceId.toString(),
      paid: String(ev?.args.paid),
      model_fee: a.modelFee.toString(),
      margin: String((ev?.args.paid ?? 0n) - a.modelFee),
      reclaimed: a.reclaimed,
      refund: refund === undefined ? null : refund.toString(),
    })
  }
  return {
    indexed: { agents, actions },
    chain: { agents: chainAgents, actions: chainActions },
    owed: await read('totalOwed'),
  }
}
