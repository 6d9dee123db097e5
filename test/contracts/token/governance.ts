import { type Address, type Hex, keccak256, parseEventLogs, toHex, zeroAddress } from 'viem'
import { gOPENAbi, openLedgerGovernorAbi, openLedgerTimelockAbi } from '../../../src/abi/viem'
import { send, type TestChain, type Wallet } from '../../setup/chain'

/** Governor + timelock ABIs together, so reverts bubbling up from the timelock decode by name. */
export const governanceAbi = [...openLedgerGovernorAbi, ...openLedgerTimelockAbi] as const

/** OZ `IGovernor.ProposalState` values. */
export const ProposalState = {
  Pending: 0,
  Active: 1,
  Canceled: 2,
  Defeated: 3,
  Succeeded: 4,
  Queued: 5,
  Expired: 6,
  Executed: 7,
} as const

/** Devnet governance parameters: seconds (GOPEN's clock is the timestamp) and wei. */
export type GovernanceParams = {
  votingDelay: number
  votingPeriod: number
  /** GOPEN wei needed to propose. */
  proposalThreshold: bigint
  quorumPercent: bigint
  /** Timelock delay, seconds. */
  minDelay: bigint
}

/** Short values for tests; the published ones are 1 day / 1 week / 10,000 GOPEN / 5 %. */
export const DEVNET_GOVERNANCE: GovernanceParams = {
  votingDelay: 60,
  votingPeriod: 300,
  proposalThreshold: 10_000n * 10n ** 18n,
  quorumPercent: 5n,
  minDelay: 120n,
}

export type Governance = { gopen: Address; timelock: Address; governor: Address }

/**
 * Deploys GOPEN, the timelock and the governor, and wires them the usual way: the governor is
 * the only proposer and canceller, anyone may execute a ready operation, and the deployer gives
 * up its bootstrap admin role so the timelock administers itself.
 *
 * @example
 * const gov = await deployGovernance(chain)
 */
export async function deployGovernance(
  chain: TestChain,
  params: GovernanceParams = DEVNET_GOVERNANCE,
  opts: {
    /** Also a timelock proposer, so a test can schedule a call as the timelock without a vote. */
    proposer?: Address
  } = {},
): Promise<Governance> {
  const deployer = chain.accounts[0]
  const gopen = await chain.deploy('GOPEN')
  const timelock = await chain.deploy('OpenLedgerTimelock', [params.minDelay, [], [zeroAddress], deployer])
  const governor = await chain.deploy('OpenLedgerGovernor', [
    gopen,
    timelock,
    params.votingDelay,
    params.votingPeriod,
    params.proposalThreshold,
    params.quorumPercent,
  ])
  const role = (functionName: 'PROPOSER_ROLE' | 'CANCELLER_ROLE' | 'DEFAULT_ADMIN_ROLE') =>
    chain.publicClient.readContract({ address: timelock, abi: openLedgerTimelockAbi, functionName })
  const wallet = chain.wallets[0]
  const grants: [Hex, Address][] = [
    [await role('PROPOSER_ROLE'), governor],
    [await role('CANCELLER_ROLE'), governor],
  ]
  if (opts.proposer) grants.push([await role('PROPOSER_ROLE'), opts.proposer])
  for (const [r, account] of grants) {
    await send(chain, wallet, {
      address: timelock,
      abi: openLedgerTimelockAbi,
      functionName: 'grantRole',
      args: [r, account],
    })
  }
  await send(chain, wallet, {
    address: timelock,
    abi: openLedgerTimelockAbi,
    functionName: 'renounceRole',
    args: [await role('DEFAULT_ADMIN_ROLE'), deployer],
  })
  return { gopen, timelock, governor }
}

/**
 * Gives `wallet` `amount` GOPEN (deposit of native OPEN) and self-delegates it, so it can vote.
 *
 * @example
 * await depositAndDelegate(chain, gopen, chain.wallets[1], parseEther('20000'))
 */
export async function depositAndDelegate(chain: TestChain, gopen: Address, wallet: Wallet, amount: bigint) {
  await send(chain, wallet, { address: gopen, abi: gOPENAbi, functionName: 'deposit', value: amount })
  await send(chain, wallet, {
    address: gopen,
    abi: gOPENAbi,
    functionName: 'delegate',
    args: [wallet.account.address],
  })
}

export type Proposal = {
  targets: Address[]
  values: bigint[]
  calldatas: Hex[]
  description: string
}

/** Reads a proposal's state. */
export async function proposalState(
  chain: TestChain,
  governor: Address,
  proposalId: bigint,
): Promise<number> {
  return chain.publicClient.readContract({
    address: governor,
    abi: openLedgerGovernorAbi,
    functionName: 'state',
    args: [proposalId],
  })
}

/**
 * Proposes from `voters[0]` and mines past the voting delay; returns the proposal id.
 *
 * @example
 * const id = await proposeAndWait(chain, { governor, voters, ...proposal })
 */
export async function proposeAndWait(
  chain: TestChain,
  {
    governor,
    voters,
    targets,
    values,
    calldatas,
    description,
  }: { governor: Address; voters: Wallet[] } & Proposal,
): Promise<bigint> {
  const receipt = await send(chain, voters[0], {
    address: governor,
    abi: governanceAbi,
    functionName: 'propose',
    args: [targets, values, calldatas, description],
  })
  const [created] = parseEventLogs({
    abi: openLedgerGovernorAbi,
    logs: receipt.logs,
    eventName: 'ProposalCreated',
  })
  const delay = await chain.publicClient.readContract({
    address: governor,
    abi: openLedgerGovernorAbi,
    functionName: 'votingDelay',
  })
  // Voting opens strictly after the snapshot (propose time + delay).
  await chain.mine(1, Number(delay) + 1)
  return created.args.proposalId
}

/**
 * Runs a proposal through the whole cycle on anvil: propose (by `voters[0]`, who must hold the
 * threshold in delegated votes), every voter votes For, mine past the voting period, queue in the
 * timelock, mine past its delay, execute. Returns the proposal id and the execute receipt.
 *
 * @throws when any step reverts (the error names the custom error, decoded with `governanceAbi`).
 * @example
 * const { proposalId } = await passProposal(chain, {
 *   governor, voters: [chain.wallets[1]],
 *   targets: [target], values: [0n], calldatas: [data], description: 'Set value to 42',
 * })
 */
export async function passProposal(
  chain: TestChain,
  proposal: { governor: Address; voters: Wallet[] } & Proposal,
): Promise<{ proposalId: bigint; executeReceipt: Awaited<ReturnType<typeof send>> }> {
  const { proposalId, args } = await queueProposal(chain, proposal)
  const executeReceipt = await send(chain, proposal.voters[0], {
    address: proposal.governor,
    abi: governanceAbi,
    functionName: 'execute',
    args,
  })
  return { proposalId, executeReceipt }
}

/**
 * {@link passProposal} up to its execution: proposed, voted For by every voter, queued, and the
 * timelock delay mined past. Returns the proposal id and the arguments `execute` takes (anyone may
 * execute it now).
 *
 * @throws when any step reverts.
 * @example
 * const { proposalId, args } = await queueProposal(chain, { governor, voters, targets, values, calldatas, description })
 */
export async function queueProposal(
  chain: TestChain,
  proposal: { governor: Address; voters: Wallet[] } & Proposal,
) {
  const { governor, voters, targets, values, calldatas, description } = proposal
  const proposalId = await proposeAndWait(chain, proposal)
  for (const voter of voters) {
    await send(chain, voter, {
      address: governor,
      abi: governanceAbi,
      functionName: 'castVote',
      args: [proposalId, 1],
    })
  }
  const period = await chain.publicClient.readContract({
    address: governor,
    abi: openLedgerGovernorAbi,
    functionName: 'votingPeriod',
  })
  await chain.mine(1, Number(period) + 1)
  const descriptionHash = keccak256(toHex(description))
  const args = [targets, values, calldatas, descriptionHash] as const
  await send(chain, voters[0], { address: governor, abi: governanceAbi, functionName: 'queue', args })
  const timelock = await chain.publicClient.readContract({
    address: governor,
    abi: openLedgerGovernorAbi,
    functionName: 'timelock',
  })
  const minDelay = await chain.publicClient.readContract({
    address: timelock,
    abi: openLedgerTimelockAbi,
    functionName: 'getMinDelay',
  })
  await chain.mine(1, Number(minDelay) + 1)
  return { proposalId, args }
}
