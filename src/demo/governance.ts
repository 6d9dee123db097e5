import { type Address, type Hex, keccak256, parseEventLogs, toHex } from 'viem'
import { gOPENAbi, openLedgerGovernorAbi } from '../abi/viem'
import { addressOf, advance, call, type DemoContext, send } from './demoContext'

/** One governance proposal: calls the timelock makes if it passes. */
export type ProposalActions = { targets: Address[]; values: bigint[]; calldatas: Hex[]; description: string }

/**
 * Gives each voter GOPEN (deposit of native OPEN) and self-delegates it so it counts as votes.
 *
 * @example
 * await delegateVotes(ctx, ctx.roles.members, parseEther('200000'))
 */
export async function delegateVotes(
  ctx: DemoContext,
  voters: readonly Address[],
  amount: bigint,
): Promise<void> {
  const gopen = addressOf(ctx, 'GOPEN')
  await send(
    ctx,
    voters.map((v) => call(v, gopen, gOPENAbi, 'deposit', [], amount)),
  )
  await send(
    ctx,
    voters.map((v) => call(v, gopen, gOPENAbi, 'delegate', [v])),
  )
  // GOPEN's clock is the timestamp: let the delegation checkpoint fall strictly before the snapshot.
  await advance(ctx, 2)
}

/**
 * Runs a proposal through the whole cycle: propose (by `voters[0]`), wait out the voting delay,
 * every voter votes For, wait out the period, queue in the timelock, wait out its delay, execute.
 * Returns the proposal id.
 *
 * @throws {BatchTxFailedError} when a step reverts.
 * @example
 * const id = await passProposal(ctx, ctx.roles.members, { targets: [fund], values: [0n], calldatas: [data], description: 'Fund SpamGuard' })
 */
export async function passProposal(
  ctx: DemoContext,
  voters: readonly Address[],
  p: ProposalActions,
): Promise<bigint> {
  const governor = addressOf(ctx, 'OpenLedgerGovernor')
  const read = <T>(functionName: 'votingDelay' | 'votingPeriod') =>
    ctx.publicClient.readContract({
      address: governor,
      abi: openLedgerGovernorAbi,
      functionName,
    }) as Promise<T>
  const [receipt] = await send(ctx, [
    call(voters[0], governor, openLedgerGovernorAbi, 'propose', [
      p.targets,
      p.values,
      p.calldatas,
      p.description,
    ]),
  ])
  const [created] = parseEventLogs({
    abi: openLedgerGovernorAbi,
    logs: receipt.logs as never,
    eventName: 'ProposalCreated',
  })
  const proposalId = created.args.proposalId
  await advance(ctx, Number(await read<bigint>('votingDelay')) + 1)
  await send(
    ctx,
    voters.map((v, i) =>
      call(v, governor, openLedgerGovernorAbi, 'castVoteWithReason', [
        proposalId,
        1,
        i === 0 ? 'Proposer votes for' : 'For',
      ]),
    ),
  )
  await advance(ctx, Number(await read<bigint>('votingPeriod')) + 1)
  const descriptionHash = keccak256(toHex(p.description))
  await send(ctx, [
    call(voters[0], governor, openLedgerGovernorAbi, 'queue', [
      p.targets,
      p.values,
      p.calldatas,
      descriptionHash,
    ]),
  ])
  const timelock = addressOf(ctx, 'OpenLedgerTimelock')
  const minDelay = await ctx.publicClient.readContract({
    address: timelock,
    abi: [
      {
        type: 'function',
        name: 'getMinDelay',
        inputs: [],
        outputs: [{ type: 'uint256' }],
        stateMutability: 'view',
      },
    ],
    functionName: 'getMinDelay',
  })
  await advance(ctx, Number(minDelay) + 1)
  await send(ctx, [
    call(voters[0], governor, openLedgerGovernorAbi, 'execute', [
      p.targets,
      p.values,
      p.calldatas,
      descriptionHash,
    ]),
  ])
  ctx.progress.log(`proposal executed: ${p.description}`)
  return proposalId
}

/**
 * Members pass a proposal whose one action calls `target` with `data` and no value: the shape of
 * every proposal of the demo.
 *
 * @throws {BatchTxFailedError} when a step reverts.
 * @example
 * const id = await passOneCallProposal(ctx, addressOf(ctx, 'PolicyRegistry'), data, 'Fee policy: …')
 */
export async function passOneCallProposal(
  ctx: DemoContext,
  target: Address,
  data: Hex,
  description: string,
): Promise<bigint> {
  return passProposal(ctx, ctx.roles.members, {
    targets: [target],
    values: [0n],
    calldatas: [data],
    description,
  })
}
