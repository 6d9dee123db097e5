import {
  getAddress,
  keccak256,
  parseEther,
  parseEventLogs,
  toFunctionSelector,
  toHex,
  zeroAddress,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import {
  type AiStack,
  asTimelock,
  attributionValidatorsAbi,
  balanceOf,
  bondValidator,
  deployAiStack,
  read,
  write,
} from './simulate'

let chain: TestChain
let stack: AiStack
const WINDOW = 3_600n
/**
 * The audit window plus DEVNET_GOVERNANCE's voting delay, voting period and timelock delay, plus
 * the contract's 60 s execution margin.
 */
const MARGIN = 60n
const DELAY = WINDOW + 60n + 300n + 120n + MARGIN
const evidence = keccak256(toHex('audit report #1'))

beforeAll(async () => {
  chain = await setupChain()
  stack = await deployAiStack(chain, { minBond: parseEther('2'), auditWindowSeconds: WINDOW })
})
afterAll(async () => {
  await chain?.stop()
})

const call = (functionName: string, args: readonly unknown[], from: number) =>
  write(chain, chain.wallets[from], {
    address: stack.validators,
    abi: attributionValidatorsAbi,
    functionName,
    args,
  })
const state = async (i: number) => {
  const [bonded, unbonding] = await read<[bigint, bigint, bigint]>(chain, {
    address: stack.validators,
    abi: attributionValidatorsAbi,
    functionName: 'validators',
    args: [chain.accounts[i]],
  })
  const active = await read<boolean>(chain, {
    address: stack.validators,
    abi: attributionValidatorsAbi,
    functionName: 'isActive',
    args: [chain.accounts[i]],
  })
  return { bonded, unbonding, active }
}

describe('AttributionValidators', () => {
  it('bonding at the minimum makes a validator active; below it does not', async () => {
    expect(await state(5)).toEqual({ bonded: 0n, unbonding: 0n, active: false })
    const { receipt } = await bondValidator(stack, chain.wallets[5], parseEther('1'))
    expect(parseEventLogs({ abi: attributionValidatorsAbi, logs: receipt.logs })[0].args).toEqual({
      validator: chain.accounts[5],
      amount: parseEther('1'),
      totalBonded: parseEther('1'),
    })
    expect((await state(5)).active).toBe(false)
    await bondValidator(stack, chain.wallets[5], parseEther('1'))
    expect(await state(5)).toEqual({ bonded: parseEther('2'), unbonding: 0n, active: true })
    await expectRevert(bondValidator(stack, chain.wallets[5], 0n), 'ZeroAmount')
  })

  it("unbonds after the audit window plus the governor's voting delay, voting period and timelock delay", async () => {
    const view = (functionName: string) =>
      read<bigint>(chain, { address: stack.validators, abi: attributionValidatorsAbi, functionName })
    expect({
      window: await view('auditWindowSeconds'),
      latency: await view('governanceLatencySeconds'),
      delay: await view('unbondingDelaySeconds'),
    }).toEqual({ window: WINDOW, latency: DELAY - WINDOW - MARGIN, delay: DELAY })
    // A constructor revert is not decoded by name (no ABI on the deploy path): match its selector.
    const deployWith = (owner: string, governor: string, window: bigint) =>
      chain.deploy('AttributionValidators', [owner, chain.accounts[18], governor, 1n, window]).then(
        () => 'deployed',
        (err: Error) => err.message,
      )
    const timelock = stack.governance.timelock
    expect(await deployWith(timelock, stack.governance.governor, 0n)).toContain(
      toFunctionSelector('ZeroAuditWindow()'),
    )
    expect(await deployWith(timelock, zeroAddress, WINDOW)).toContain(toFunctionSelector('ZeroAddress()'))
    expect(await deployWith(timelock, stack.governance.governor, WINDOW)).toBe('deployed')
  })

  it("accepts only the governor's timelock as owner, and ownership cannot move away from it", async () => {
    const deployWithOwner = (owner: string) =>
      chain
        .deploy('AttributionValidators', [owner, chain.accounts[18], stack.governance.governor, 1n, WINDOW])
        .then(
          () => 'deployed',
          (err: Error) => err.message,
        )
    // A plain account (the old stand-in) or the treasury could slash without a vote.
    for (const owner of [chain.accounts[0], chain.accounts[18]]) {
      expect(await deployWithOwner(owner)).toContain(
        toFunctionSelector('OwnerNotGovernorTimelock(address,address)'),
      )
    }
    expect(
      await read(chain, { address: stack.validators, abi: attributionValidatorsAbi, functionName: 'owner' }),
    ).toBe(getAddress(stack.governance.timelock))
    await expectRevert(call('transferOwnership', [chain.accounts[0]], 0), 'OwnershipFollowsGovernor')
    await expectRevert(call('renounceOwnership', [], 0), 'OwnershipFollowsGovernor')
    await expectRevert(
      asTimelock(stack, {
        address: stack.validators,
        abi: attributionValidatorsAbi,
        functionName: 'transferOwnership',
        args: [chain.accounts[0]],
      }),
      'OwnershipFollowsGovernor',
    )
  })

  it('unbonding waits the delay: withdraw too early is rejected, after the delay it pays out', async () => {
    await bondValidator(stack, chain.wallets[6], parseEther('3'))
    await expectRevert(call('requestUnbond', [parseEther('4')], 6), 'InsufficientBond')
    await expectRevert(call('withdraw', [], 6), 'NothingToWithdraw')
    await call('requestUnbond', [parseEther('2')], 6)
    expect(await state(6)).toEqual({ bonded: parseEther('1'), unbonding: parseEther('2'), active: false })
    await expectRevert(call('withdraw', [], 6), 'UnbondingNotReady')
    await chain.testClient.increaseTime({ seconds: Number(DELAY) - 10 })
    await chain.testClient.mine({ blocks: 1 })
    await expectRevert(call('withdraw', [], 6), 'UnbondingNotReady')

    await chain.testClient.increaseTime({ seconds: 10 })
    await chain.testClient.mine({ blocks: 1 })
    const before = await balanceOf(stack, stack.validators)
    const { receipt } = await call('withdraw', [], 6)
    expect(parseEventLogs({ abi: attributionValidatorsAbi, logs: receipt.logs })[0].args).toEqual({
      validator: chain.accounts[6],
      amount: parseEther('2'),
    })
    expect(before - (await balanceOf(stack, stack.validators))).toBe(parseEther('2'))
    expect(await state(6)).toEqual({ bonded: parseEther('1'), unbonding: 0n, active: false })
  })

  it('only the owner (timelock) slashes: bonded stake first, then unbonding, all to the treasury', async () => {
    await bondValidator(stack, chain.wallets[7], parseEther('5'))
    await call('requestUnbond', [parseEther('2')], 7)
    await expectRevert(call('slash', [chain.accounts[7], 1n, evidence], 7), 'OwnableUnauthorizedAccount')
    // The governance stand-in may propose to the timelock, but is not the owner itself.
    await expectRevert(call('slash', [chain.accounts[7], 1n, evidence], 0), 'OwnableUnauthorizedAccount')
    const slash = (args: readonly unknown[]) =>
      asTimelock(stack, {
        address: stack.validators,
        abi: attributionValidatorsAbi,
        functionName: 'slash',
        args,
      })
    await expectRevert(slash([chain.accounts[7], parseEther('5.1'), evidence]), 'SlashExceedsStake')
    await expectRevert(slash([chain.accounts[7], 0n, evidence]), 'ZeroAmount')

    const treasuryBefore = await balanceOf(stack, stack.treasury)
    const { receipt } = await slash([chain.accounts[7], parseEther('4'), evidence])
    expect(parseEventLogs({ abi: attributionValidatorsAbi, logs: receipt.logs })[0].args).toEqual({
      validator: chain.accounts[7],
      amount: parseEther('4'),
      evidenceHash: evidence,
    })
    expect(await state(7)).toEqual({ bonded: 0n, unbonding: parseEther('1'), active: false })
    expect((await balanceOf(stack, stack.treasury)) - treasuryBefore).toBe(parseEther('4'))
  })

  it('only the owner changes the minimum bond, which changes who is active', async () => {
    await bondValidator(stack, chain.wallets[8], parseEther('1'))
    await expectRevert(call('setMinBond', [1n], 8), 'OwnableUnauthorizedAccount')
    const { receipt } = await asTimelock(stack, {
      address: stack.validators,
      abi: attributionValidatorsAbi,
      functionName: 'setMinBond',
      args: [parseEther('1')],
    })
    expect(parseEventLogs({ abi: attributionValidatorsAbi, logs: receipt.logs })[0].args).toEqual({
      oldMinBond: parseEther('2'),
      newMinBond: parseEther('1'),
    })
    expect((await state(8)).active).toBe(true)
  })
})
