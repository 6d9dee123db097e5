import { type Address, keccak256, parseEventLogs, type TransactionReceipt, toHex } from 'viem'
import { agentRegistryAbi, inferenceRouterAbi } from '../../../src/abi/viem'
import type { Wallet } from '../../setup/chain'
import { type AiStack, type Model, read, write } from './simulate'

export { agentRegistryAbi }

/** The registry's ABI with the router's errors, so a revert bubbled up from the router decodes by name. */
export const agentCallAbi = [
  ...agentRegistryAbi,
  ...inferenceRouterAbi.filter((item) => item.type === 'error'),
] as const

export type Agent = {
  registry: Address
  stack: AiStack
  id: bigint
  owner: Wallet
  model: Model
  price: bigint
}

export type AgentAction = {
  agent: Agent
  actionId: bigint
  inferenceId: bigint
  caller: Address
  paid: bigint
  modelFee: bigint
  receipt: TransactionReceipt
}

/**
 * Deploys an AgentRegistry over the stack's ModelRegistry and InferenceRouter.
 *
 * @example
 * const registry = await deployAgentRegistry(stack)
 */
export const deployAgentRegistry = (stack: AiStack): Promise<Address> =>
  stack.chain.deploy('AgentRegistry', [stack.models, stack.router])

/**
 * Mints an agent owned by `owner`, bound to the model's `version` (default 1).
 *
 * @example
 * const agent = await deployAgent(registry, model, owner, { price: parseEther('1.5') })
 */
export async function deployAgent(
  registry: Address,
  model: Model,
  owner: Wallet,
  opts: { price?: bigint; operator?: Address; version?: number; metadataURI?: string } = {},
): Promise<Agent> {
  const price = opts.price ?? model.price * 2n
  const { result } = await write<bigint>(model.stack.chain, owner, {
    address: registry,
    abi: agentCallAbi,
    functionName: 'deployAgent',
    args: [
      model.id,
      opts.version ?? 1,
      opts.operator ?? owner.account.address,
      price,
      opts.metadataURI ?? 'ipfs://agent/triage',
    ],
  })
  return { registry, stack: model.stack, id: result, owner, model, price }
}

/**
 * Pays `agent` its price (or `value`) to act on `input`; returns the decoded AgentActionExecuted.
 *
 * @example
 * const action = await act(agent, caller, 'classify this mail')
 */
export async function act(
  agent: Agent,
  caller: Wallet,
  input = 'hello',
  value?: bigint,
): Promise<AgentAction> {
  const { receipt } = await write(agent.stack.chain, caller, {
    address: agent.registry,
    abi: agentCallAbi,
    functionName: 'act',
    args: [agent.id, keccak256(toHex(input))],
    value: value ?? agent.price,
  })
  const [log] = parseEventLogs({
    abi: agentRegistryAbi,
    logs: receipt.logs,
    eventName: 'AgentActionExecuted',
  })
  return { agent, ...log.args, receipt }
}

/**
 * Calls `functionName` on the registry from `from`.
 *
 * @example
 * await agentCall(agent, operator, 'setPrice', [agent.id, 5n])
 */
export const agentCall = (
  agent: Pick<Agent, 'registry' | 'stack'>,
  from: Wallet,
  functionName: string,
  args: readonly unknown[] = [],
  value?: bigint,
) => write(agent.stack.chain, from, { address: agent.registry, abi: agentCallAbi, functionName, args, value })

/**
 * Reads a view of the registry.
 *
 * @example
 * const owed = await agentRead<bigint>(agent, 'totalOwed')
 */
export const agentRead = <T>(
  agent: Pick<Agent, 'registry' | 'stack'>,
  functionName: string,
  args: unknown[] = [],
) => read<T>(agent.stack.chain, { address: agent.registry, abi: agentRegistryAbi, functionName, args })
