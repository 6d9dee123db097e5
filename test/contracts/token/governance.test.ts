import { type Address, encodeFunctionData, keccak256, parseEther, parseEventLogs, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gOPENAbi, openLedgerGovernorAbi } from '../../../src/abi/viem'
import { governanceTargetAbi } from '../../abi/viem'
import { expectRevert, send, setupChain, type TestChain } from '../../setup/chain'
import {
  DEVNET_GOVERNANCE,
  deployGovernance,
  depositAndDelegate,
  type Governance,
  governanceAbi,
  ProposalState,
  passProposal,
  proposalState,
  proposeAndWait,
} from './governance'

describe('OpenLedgerGovernor cycle over GOPEN with the timelock treasury', () => {
  let chain: TestChain
  let gov: Governance
  let target: Address

  beforeAll(async () => {
    chain = await setupChain({ accounts: 6 })
    gov = await deployGovernance(chain)
    target = await chain.deploy('GovernanceTarget', [gov.timelock])
    // Voters: 100k + 50k GOPEN delegated (quorum 5 % of 160k = 8k); account 3 holds 10k undelegated.
    await depositAndDelegate(chain, gov.gopen, chain.wallets[1], parseEther('100000'))
    await depositAndDelegate(chain, gov.gopen, chain.wallets[2], parseEther('50000'))
    await send(chain, chain.wallets[3], {
      address: gov.gopen,
      abi: gOPENAbi,
      functionName: 'deposit',
      value: parseEther('10000'),
    })
    // Treasury: native OPEN held by the timelock.
    const hash = await chain.wallets[0].sendTransaction({ to: gov.timelock, value: parseEther('1000') })
    await chain.publicClient.waitForTransactionReceipt({ hash })
    await chain.mine(1, 1)
  })
  afterAll(async () => {
    await chain?.stop()
  })

  const read = (functionName: 'proposalThreshold' | 'votingDelay' | 'votingPeriod' | 'CLOCK_MODE') =>
    chain.publicClient.readContract({ address: gov.governor, abi: openLedgerGovernorAbi, functionName })

  it('is configured from its constructor arguments and follows the GOPEN timestamp clock', async () => {
    const now = (await chain.publicClient.getBlock()).timestamp
    expect({
      votingDelay: await read('votingDelay'),
      votingPeriod: await read('votingPeriod'),
      proposalThreshold: await read('proposalThreshold'),
      quorum: await chain.publicClient.readContract({
        address: gov.governor,
        abi: openLedgerGovernorAbi,
        functionName: 'quorum',
        args: [now - 1n],
      }),
      clock: await read('CLOCK_MODE'),
    }).toEqual({
      votingDelay: BigInt(DEVNET_GOVERNANCE.votingDelay),
      votingPeriod: BigInt(DEVNET_GOVERNANCE.votingPeriod),
      proposalThreshold: DEVNET_GOVERNANCE.proposalThreshold,
      quorum: parseEther('8000'),
      clock: 'mode=timestamp',
    })
  })

  it('passes a proposal that pays from the treasury and changes a timelock-owned setting', async () => {
    const payee = chain.accounts[5]
    const payeeBefore = await chain.publicClient.getBalance({ address: payee })
    const calldata = encodeFunctionData({ abi: governanceTargetAbi, functionName: 'setValue', args: [42n] })
    const { proposalId, executeReceipt } = await passProposal(chain, {
      governor: gov.governor,
      voters: [chain.wallets[1], chain.wallets[2]],
      targets: [payee, target],
      values: [parseEther('100'), 0n],
      calldatas: ['0x', calldata],
      description: 'Grant 100 OPEN to account 5 and set the value to 42',
    })
    expect(await proposalState(chain, gov.governor, proposalId)).toBe(ProposalState.Executed)
    const [executed] = parseEventLogs({
      abi: openLedgerGovernorAbi,
      logs: executeReceipt.logs,
      eventName: 'ProposalExecuted',
    })
    expect(executed.args.proposalId).toBe(proposalId)
    expect((await chain.publicClient.getBalance({ address: payee })) - payeeBefore).toBe(parseEther('100'))
    expect(await chain.publicClient.getBalance({ address: gov.timelock })).toBe(parseEther('900'))
    const value = await chain.publicClient.readContract({
      address: target,
      abi: governanceTargetAbi,
      functionName: 'value',
    })
    expect(value).toBe(42n)
    const votes = await chain.publicClient.readContract({
      address: gov.governor,
      abi: openLedgerGovernorAbi,
      functionName: 'proposalVotes',
      args: [proposalId],
    })
    expect(votes).toEqual([0n, parseEther('150000'), 0n])
  })

  it('goes Pending → Active → Succeeded → Queued, and the timelock refuses early execution', async () => {
    const calldata = encodeFunctionData({ abi: governanceTargetAbi, functionName: 'setValue', args: [7n] })
    const description = 'Set the value to 7'
    const proposal = { targets: [target], values: [0n], calldatas: [calldata], description }
    const voter = chain.wallets[1]
    const args = [
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      keccak256(toHex(description)),
    ] as const

    const id = await proposeAndWait(chain, { governor: gov.governor, voters: [voter], ...proposal })
    expect(await proposalState(chain, gov.governor, id)).toBe(ProposalState.Active)
    const vote = await send(chain, voter, {
      address: gov.governor,
      abi: governanceAbi,
      functionName: 'castVote',
      args: [id, 1],
    })
    const [cast] = parseEventLogs({ abi: openLedgerGovernorAbi, logs: vote.logs, eventName: 'VoteCast' })
    expect(cast.args).toMatchObject({ voter: voter.account.address, proposalId: id, support: 1 })
    await expectRevert(
      voter.writeContract({
        address: gov.governor,
        abi: governanceAbi,
        functionName: 'castVote',
        args: [id, 1],
      }),
      'GovernorAlreadyCastVote',
    )
    await chain.mine(1, DEVNET_GOVERNANCE.votingPeriod + 1)
    expect(await proposalState(chain, gov.governor, id)).toBe(ProposalState.Succeeded)
    await send(chain, voter, { address: gov.governor, abi: governanceAbi, functionName: 'queue', args })
    expect(await proposalState(chain, gov.governor, id)).toBe(ProposalState.Queued)
    await expectRevert(
      voter.writeContract({ address: gov.governor, abi: governanceAbi, functionName: 'execute', args }),
      'TimelockUnexpectedOperationState',
    )
  })

  it('rejects proposers below the threshold and direct calls to timelock-owned contracts', async () => {
    // Account 3 holds 10k GOPEN but never delegated: zero votes.
    await expectRevert(
      chain.wallets[3].writeContract({
        address: gov.governor,
        abi: governanceAbi,
        functionName: 'propose',
        args: [[target], [0n], ['0x'], 'no votes'],
      }),
      'GovernorInsufficientProposerVotes',
    )
    await expectRevert(
      chain.wallets[1].writeContract({
        address: target,
        abi: governanceTargetAbi,
        functionName: 'setValue',
        args: [1n],
      }),
      'OwnableUnauthorizedAccount',
    )
  })

  it('defeats a proposal that misses quorum', async () => {
    // Account 4: 10k GOPEN delegated, enough to propose; nobody votes.
    await depositAndDelegate(chain, gov.gopen, chain.wallets[4], parseEther('10000'))
    await chain.mine(1, 1)
    const id = await proposeAndWait(chain, {
      governor: gov.governor,
      voters: [chain.wallets[4]],
      targets: [target],
      values: [0n],
      calldatas: [encodeFunctionData({ abi: governanceTargetAbi, functionName: 'setValue', args: [9n] })],
      description: 'Unpopular',
    })
    await chain.mine(1, DEVNET_GOVERNANCE.votingPeriod + 1)
    expect(await proposalState(chain, gov.governor, id)).toBe(ProposalState.Defeated)
  })
})
