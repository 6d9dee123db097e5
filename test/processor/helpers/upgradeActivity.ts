import {
  type Address,
  encodeFunctionData,
  type Hex,
  hexToBigInt,
  pad,
  parseEventLogs,
  toHex,
  zeroHash,
} from 'viem'
import {
  inferenceRouterAbi,
  inferenceRouterV2Abi,
  openLedgerGovernorAbi,
  openLedgerTimelockAbi,
} from '../../../src/abi/viem'
import { governanceAbi, queueProposal } from '../../contracts/token/governance'
import { send } from '../../setup/chain'
import type { Workload } from './workload'

/** A queued upgrade proposal: `execute` runs it (anyone may, once the timelock delay passed). */
export type QueuedUpgrade = {
  proposalId: bigint
  /** Its timelock operation (scheduled by the queue). */
  operationId: Hex
  /** Implementations it installs, by proxy. */
  implementations: Map<Address, Address>
  /** Through the governor's `execute` (emits ProposalExecuted). */
  execute(): Promise<{ blockNumber: bigint }>
  /** Directly on the timelock's `executeBatch` (anyone may execute a ready operation): no governor event. */
  executeOnTimelock(): Promise<{ blockNumber: bigint }>
}

/**
 * Takes a governance proposal through propose, vote, queue and the timelock delay: upgrade the
 * router to InferenceRouterV2 and the policy registry to a fresh implementation of itself, in one
 * proposal (two timelock calls in one execution). Leaves the execution to the caller, so a test
 * can execute it, reorg it away and execute it again.
 *
 * @example
 * const queued = await queueUpgrade(w, 'first')
 * await queued.execute()
 */
export async function queueUpgrade(w: Workload, description: string): Promise<QueuedUpgrade> {
  const { chain } = w.stack
  const governor = w.stack.governance.governor
  const voters = [chain.wallets[4], chain.wallets[5]]
  const router = await chain.deploy('InferenceRouterV2')
  const policy = await chain.deploy('PolicyRegistry')
  const targets = [w.stack.router, w.stack.policy]
  const calldatas: Hex[] = [router, policy].map((impl) =>
    encodeFunctionData({ abi: inferenceRouterAbi, functionName: 'upgradeToAndCall', args: [impl, '0x'] }),
  )
  const values = [0n, 0n]
  const { proposalId, args } = await queueProposal(chain, {
    governor,
    voters,
    targets,
    values,
    calldatas,
    description,
  })
  // GovernorTimelockControl's salt: the governor's address (left-aligned) xor the description hash.
  const salt = toHex(hexToBigInt(pad(governor, { dir: 'right', size: 32 })) ^ hexToBigInt(args[3]), {
    size: 32,
  })
  const timelock = w.stack.governance.timelock
  const operation = [targets, values, calldatas, zeroHash, salt] as const
  const operationId = await chain.publicClient.readContract({
    address: timelock,
    abi: openLedgerTimelockAbi,
    functionName: 'hashOperationBatch',
    args: operation,
  })
  const ready = await chain.publicClient.readContract({
    address: timelock,
    abi: openLedgerTimelockAbi,
    functionName: 'isOperationReady',
    args: [operationId],
  })
  if (!ready) throw new Error(`the upgrade's timelock operation ${operationId} is not ready`)
  return {
    proposalId,
    operationId,
    executeOnTimelock: async () => {
      const receipt = await send(chain, chain.wallets[9], {
        address: timelock,
        abi: openLedgerTimelockAbi,
        functionName: 'executeBatch',
        args: operation,
      })
      return { blockNumber: receipt.blockNumber }
    },
    implementations: new Map([
      [w.stack.router, router],
      [w.stack.policy, policy],
    ]),
    execute: async () => {
      const receipt = await send(chain, chain.wallets[9], {
        address: governor,
        abi: governanceAbi,
        functionName: 'execute',
        args,
      })
      const executed = parseEventLogs({
        abi: openLedgerGovernorAbi,
        logs: receipt.logs,
        eventName: 'ProposalExecuted',
      })
      if (executed[0]?.args.proposalId !== proposalId) throw new Error('the upgrade proposal did not execute')
      return { blockNumber: receipt.blockNumber }
    },
  }
}

/**
 * Each settled inference of the workload (ids `ids`) rated by its caller through the V2 router,
 * one transaction (and block) each; returns the scores sent.
 *
 * @example
 * await rateInferences(w, [1n, 2n], 3)
 */
export async function rateInferences(w: Workload, ids: bigint[], score: number): Promise<void> {
  for (const id of ids) {
    const inference = w.inferences.find((i) => i.id === id)
    if (!inference) throw new Error(`no inference ${id} in the workload`)
    await send(w.stack.chain, inference.caller, {
      address: w.stack.router,
      abi: inferenceRouterV2Abi,
      functionName: 'rateInference',
      args: [id, score],
    })
  }
}
