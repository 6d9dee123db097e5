import {
  type Abi,
  type Address,
  encodeFunctionData,
  keccak256,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLedgerGovernorAbi } from '../../../src/abi/viem'
import { expectRevert, send, setupChain, type TestChain, type Wallet } from '../../setup/chain'
import {
  DEVNET_GOVERNANCE,
  deployGovernance,
  depositAndDelegate,
  type Governance,
  governanceAbi,
  passProposal,
  proposeAndWait,
} from '../token/governance'
import { attributionValidatorsAbi, read, write } from './simulate'

/**
 * Slashing through the real governor and timelock (the validators' owner), against a validator
 * that starts unbonding the moment it has cheated: the bond must still be there when the slash
 * executes, however the validator times its requests.
 */
describe('AttributionValidators owned by governance', () => {
  let chain: TestChain
  let gov: Governance
  let validators: Address
  const WINDOW = 600n
  const LATENCY =
    BigInt(DEVNET_GOVERNANCE.votingDelay + DEVNET_GOVERNANCE.votingPeriod) + DEVNET_GOVERNANCE.minDelay
  /** The contract's EXECUTION_MARGIN_SECONDS. */
  const MARGIN = 60n
  const voter = 1
  const cheat = 2
  const other = 3
  const evidence = keccak256(toHex('evidence of inference 10'))

  beforeAll(async () => {
    chain = await setupChain({ accounts: 5 })
    gov = await deployGovernance(chain)
    validators = await chain.deploy('AttributionValidators', [
      gov.timelock,
      gov.timelock,
      gov.governor,
      parseEther('1'),
      WINDOW,
    ])
    await depositAndDelegate(chain, gov.gopen, chain.wallets[voter], parseEther('100000'))
    await chain.mine(1, 1)
  })
  afterAll(async () => {
    await chain?.stop()
  })

  const call = (functionName: string, args: readonly unknown[], from: number, value?: bigint) =>
    write(chain, chain.wallets[from], {
      address: validators,
      abi: attributionValidatorsAbi,
      functionName,
      args,
      value,
    })
  const stake = async (i: number) => {
    const [bonded, unbonding] = await read<[bigint, bigint, bigint, bigint]>(chain, {
      address: validators,
      abi: attributionValidatorsAbi,
      functionName: 'validators',
      args: [chain.accounts[i]],
    })
    return { bonded, unbonding }
  }
  const now = async () => (await chain.publicClient.getBlock()).timestamp
  /** A proposal slashing the whole 10 OPEN bond of validator `i`. */
  const slashProposal = (i: number, description: string) => ({
    targets: [validators],
    values: [0n],
    calldatas: [
      encodeFunctionData({
        abi: attributionValidatorsAbi,
        functionName: 'slash',
        args: [chain.accounts[i], parseEther('10'), evidence],
      }),
    ],
    description,
  })

  it('keeps an unbonding bond slashable until a slash proposed within the audit window executes, then the slash takes it', async () => {
    await call('bond', [], cheat, parseEther('10'))
    expect(
      await read(chain, {
        address: validators,
        abi: attributionValidatorsAbi,
        functionName: 'unbondingDelaySeconds',
      }),
    ).toBe(WINDOW + LATENCY + MARGIN)
    // The validator settles dishonestly and immediately asks for its whole bond back.
    await call('requestUnbond', [parseEther('10')], cheat)
    const requestedAt = await now()
    // The auditor needs half the audit window to find it and get a member to propose.
    await chain.mine(1, Number(WINDOW / 2n))
    const slash = slashProposal(cheat, 'Slash the validator of inference 10')
    const proposalId = await proposeAndWait(chain, {
      governor: gov.governor,
      voters: [chain.wallets[voter]],
      ...slash,
    })
    await expectRevert(call('withdraw', [], cheat), 'UnbondingNotReady')
    await send(chain, chain.wallets[voter], {
      address: gov.governor,
      abi: governanceAbi,
      functionName: 'castVote',
      args: [proposalId, 1],
    })
    await chain.mine(1, DEVNET_GOVERNANCE.votingPeriod + 1)
    await expectRevert(call('withdraw', [], cheat), 'UnbondingNotReady')
    const args = [slash.targets, slash.values, slash.calldatas, keccak256(toHex(slash.description))] as const
    await send(chain, chain.wallets[voter], {
      address: gov.governor,
      abi: governanceAbi,
      functionName: 'queue',
      args,
    })
    await chain.mine(1, Number(DEVNET_GOVERNANCE.minDelay) + 1)
    // The slash is executable now; the validator racing it still cannot withdraw.
    await expectRevert(call('withdraw', [], cheat), 'UnbondingNotReady')
    expect(await now()).toBeLessThan(requestedAt + WINDOW + LATENCY)

    const treasuryBefore = await chain.publicClient.getBalance({ address: gov.timelock })
    const receipt = await send(chain, chain.wallets[voter], {
      address: gov.governor,
      abi: governanceAbi,
      functionName: 'execute',
      args,
    })
    const [slashed] = parseEventLogs({
      abi: attributionValidatorsAbi,
      logs: receipt.logs,
      eventName: 'ValidatorSlashed',
    })
    expect(slashed.args).toEqual({
      validator: chain.accounts[cheat],
      amount: parseEther('10'),
      evidenceHash: evidence,
    })
    expect(await stake(cheat)).toEqual({ bonded: 0n, unbonding: 0n })
    expect((await chain.publicClient.getBalance({ address: gov.timelock })) - treasuryBefore).toBe(
      parseEther('10'),
    )

    await chain.mine(1, Number(WINDOW + LATENCY))
    await expectRevert(call('withdraw', [], cheat), 'NothingToWithdraw')
  })

  it('executes a slash proposed at the last second of the audit window and voted at the last second of voting before the withdrawal opens', async () => {
    const racer = 4
    await call('bond', [], racer, parseEther('10'))
    // Each step is mined alone at a chosen second, sent without a pre-flight simulation (which
    // would run at the previous block's time), so a revert is a mined, failed transaction.
    const at = async (
      timestamp: bigint,
      from: Wallet,
      c: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] },
    ) => {
      await chain.testClient.setNextBlockTimestamp({ timestamp })
      const hash = await from.writeContract({ ...c, gas: 2_000_000n } as Parameters<
        Wallet['writeContract']
      >[0])
      return chain.publicClient.waitForTransactionReceipt({
        hash,
        pollingInterval: 50,
      }) as Promise<TransactionReceipt>
    }
    const onValidators = (functionName: string, args: readonly unknown[] = []) => ({
      address: validators,
      abi: attributionValidatorsAbi as Abi,
      functionName,
      args,
    })
    const onGovernor = (functionName: string, args: readonly unknown[]) => ({
      address: gov.governor,
      abi: governanceAbi as Abi,
      functionName,
      args,
    })
    const R = (await now()) + 10n
    expect(
      (await at(R, chain.wallets[racer], onValidators('requestUnbond', [parseEther('10')]))).status,
    ).toBe('success')
    const slash = slashProposal(racer, 'Slash the validator that raced the vote')
    // Proposed at the last second of the audit window.
    const proposed = await at(
      R + WINDOW,
      chain.wallets[voter],
      onGovernor('propose', [slash.targets, slash.values, slash.calldatas, slash.description]),
    )
    const [created] = parseEventLogs({
      abi: governanceAbi,
      logs: proposed.logs,
      eventName: 'ProposalCreated',
    })
    const { proposalId, voteEnd } = created.args as { proposalId: bigint; voteEnd: bigint }
    expect(voteEnd).toBe(R + WINDOW + BigInt(DEVNET_GOVERNANCE.votingDelay + DEVNET_GOVERNANCE.votingPeriod))
    // Governor counts the deadline second as Active: the one vote lands then, so queueing waits a second more.
    expect((await at(voteEnd, chain.wallets[voter], onGovernor('castVote', [proposalId, 1]))).status).toBe(
      'success',
    )
    const args = [slash.targets, slash.values, slash.calldatas, keccak256(toHex(slash.description))]
    expect((await at(voteEnd + 1n, chain.wallets[voter], onGovernor('queue', args))).status).toBe('success')
    const executableAt = voteEnd + 1n + DEVNET_GOVERNANCE.minDelay
    expect(executableAt).toBe(R + WINDOW + LATENCY + 1n)
    // Audit window plus governance latency has passed, but the slash cannot execute yet: without a
    // margin the validator's withdraw would succeed here and the slash would find nothing to take.
    const early = await at(executableAt - 1n, chain.wallets[racer], onValidators('withdraw'))
    expect(early.status).toBe('reverted')
    expect(await stake(racer)).toEqual({ bonded: 0n, unbonding: parseEther('10') })
    // The execute lands two 12 s blocks late; the validator tries again in the block before.
    const late = executableAt + 24n
    expect((await at(late - 1n, chain.wallets[racer], onValidators('withdraw'))).status).toBe('reverted')
    const executed = await at(late, chain.wallets[voter], onGovernor('execute', args))
    expect(executed.status).toBe('success')
    expect(
      parseEventLogs({ abi: attributionValidatorsAbi, logs: executed.logs, eventName: 'ValidatorSlashed' })[0]
        .args,
    ).toEqual({
      validator: chain.accounts[racer],
      amount: parseEther('10'),
      evidenceHash: evidence,
    })
    expect(await stake(racer)).toEqual({ bonded: 0n, unbonding: 0n })
  })

  it('lengthens a pending unbonding when governance lengthens its own voting period', async () => {
    await call('bond', [], other, parseEther('2'))
    await call('requestUnbond', [parseEther('2')], other)
    const requestedAt = await now()
    const longer = DEVNET_GOVERNANCE.votingPeriod * 20
    await passProposal(chain, {
      governor: gov.governor,
      voters: [chain.wallets[voter]],
      targets: [gov.governor],
      values: [0n],
      calldatas: [
        encodeFunctionData({ abi: openLedgerGovernorAbi, functionName: 'setVotingPeriod', args: [longer] }),
      ],
      description: 'Voting period: 100 minutes',
    })
    const newLatency = LATENCY - BigInt(DEVNET_GOVERNANCE.votingPeriod) + BigInt(longer)
    // Past the delay promised at the request, short of the one governance now needs.
    const wait = Number(requestedAt + WINDOW + LATENCY - (await now())) + 5
    await chain.mine(1, wait)
    await expectRevert(call('withdraw', [], other), 'UnbondingNotReady')
    await chain.mine(1, Number(requestedAt + WINDOW + newLatency + MARGIN - (await now())))
    const { receipt } = await call('withdraw', [], other)
    expect(parseEventLogs({ abi: attributionValidatorsAbi, logs: receipt.logs })[0].args).toEqual({
      validator: chain.accounts[other],
      amount: parseEther('2'),
    })
  })
})
