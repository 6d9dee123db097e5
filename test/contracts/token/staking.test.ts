import { type Address, isAddressEqual, maxUint256, parseEther, parseEventLogs, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bankAbi, stakingAbi, wOPENAbi } from '../../../src/abi/viem'
import { expectRevert, send, setupChain, type TestChain, type Wallet } from '../../setup/chain'

const DAY = 86_400
const YEAR = 365 * DAY

type Config = {
  bank: Address
  manager: Address
  token: Address
  interestRate: bigint
  stakeDuration: bigint
  cooldownDuration: bigint
  maxStake: bigint
  minStake: bigint
  isActive: boolean
  isTopupEnabled: boolean
  isPublic: boolean
}

/** principal * e^(rate * years), as the contract computes it (float, compared with a tolerance). */
const expected = (principal: bigint, rateWad: bigint, seconds: bigint) =>
  Number(principal) * Math.exp((Number(rateWad) / 1e18) * (Number(seconds) / YEAR))

const closeTo = (actual: bigint, want: number) =>
  expect(Math.abs(Number(actual) / want - 1)).toBeLessThan(1e-12)

describe('Staking + Bank (WOPEN staking, rewards held by the bank)', () => {
  let chain: TestChain
  let wopen: Address
  let staking: Address
  let bank: Address
  let user: Wallet
  let other: Wallet
  let base: Config

  const setConfig = (id: bigint, config: Config) =>
    send(chain, chain.wallets[0], {
      address: bank,
      abi: [...bankAbi, ...stakingAbi],
      functionName: 'setConfig',
      args: [staking, id, config],
    })
  const stakeTx = (w: Wallet, configId: bigint, onBehalfOf: Address, amount: bigint) =>
    w.writeContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'stake',
      args: [configId, onBehalfOf, amount],
    })
  const call = (
    w: Wallet,
    functionName: 'topUpStake' | 'requestUnstake' | 'unstake',
    args: readonly bigint[],
  ) =>
    // biome-ignore lint/suspicious/noExplicitAny: one helper for three signatures
    w.writeContract({ address: staking, abi: stakingAbi, functionName, args } as any)
  const wopenBalance = (who: Address) =>
    chain.publicClient.readContract({ address: wopen, abi: wOPENAbi, functionName: 'balanceOf', args: [who] })
  const stakeOf = async (id: bigint) => {
    const [recipient, configId, updatedAt, amount, startTime] = await chain.publicClient.readContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'stakes',
      args: [id],
    })
    return { recipient, configId, updatedAt, amount, startTime }
  }
  const stakedAmount = (configId: bigint, who: Address) =>
    chain.publicClient.readContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'stakedAmounts',
      args: [configId, who],
    })
  const blockTime = async (blockNumber: bigint) =>
    (await chain.publicClient.getBlock({ blockNumber })).timestamp

  beforeAll(async () => {
    chain = await setupChain({ accounts: 5 })
    ;[, user, other] = chain.wallets
    wopen = await chain.deploy('WOPEN')
    staking = await chain.deploy('Staking', [chain.accounts[0]])
    bank = await chain.deploy('Bank', [chain.accounts[0], wopen])
    const role = await chain.publicClient.readContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'TRUSTED_BANK',
    })
    await send(chain, chain.wallets[0], {
      address: staking,
      abi: stakingAbi,
      functionName: 'grantRole',
      args: [role, bank],
    })
    await send(chain, chain.wallets[0], {
      address: bank,
      abi: bankAbi,
      functionName: 'approve',
      args: [wopen, staking, maxUint256],
    })
    for (const w of [user, other]) {
      await send(chain, w, {
        address: wopen,
        abi: wOPENAbi,
        functionName: 'deposit',
        value: parseEther('5000'),
      })
      await send(chain, w, {
        address: wopen,
        abi: wOPENAbi,
        functionName: 'approve',
        args: [staking, maxUint256],
      })
    }
    base = {
      bank: zeroAddress,
      manager: chain.accounts[3],
      token: wopen,
      interestRate: parseEther('0.1'), // 10 %/year, continuously compounded
      stakeDuration: BigInt(30 * DAY),
      cooldownDuration: BigInt(7 * DAY),
      maxStake: parseEther('1000'),
      minStake: parseEther('1'),
      isActive: true,
      isTopupEnabled: true,
      isPublic: true,
    }
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('native OPEN sent to the bank (the stakers fee share) is wrapped into WOPEN rewards', async () => {
    const receipt = await chain.publicClient.waitForTransactionReceipt({
      hash: await chain.wallets[0].sendTransaction({ to: bank, value: parseEther('100') }),
    })
    const [received] = parseEventLogs({ abi: bankAbi, logs: receipt.logs, eventName: 'RewardsReceived' })
    expect(received.args).toEqual({ from: chain.accounts[0], amount: parseEther('100') })
    expect(await wopenBalance(bank)).toBe(parseEther('100'))
  })

  it('creates a config through the bank, then only that bank may update it', async () => {
    const created = await setConfig(1n, base)
    expect(
      parseEventLogs({ abi: stakingAbi, logs: created.logs, eventName: 'ConfigCreated' })[0].args,
    ).toEqual({
      configId: 1n,
    })
    const stored = await chain.publicClient.readContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'configs',
      args: [1n],
    })
    // The bank field is always the creating bank, whatever the caller passed.
    expect(isAddressEqual(stored[0], bank)).toBe(true)
    const updated = await setConfig(1n, { ...base, maxStake: parseEther('2000') })
    expect(parseEventLogs({ abi: stakingAbi, logs: updated.logs, eventName: 'ConfigSet' })).toHaveLength(1)

    // Config 2: top-ups disabled, no cooldown. Config 3: inactive. Config 4: private (commitments only).
    await setConfig(2n, { ...base, isTopupEnabled: false, cooldownDuration: 0n })
    await setConfig(3n, { ...base, isActive: false })
    await setConfig(4n, { ...base, isPublic: false })

    // A second trusted bank cannot take over config 1.
    const rival = await chain.deploy('Bank', [chain.accounts[0], zeroAddress])
    const role = await chain.publicClient.readContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'TRUSTED_BANK',
    })
    await send(chain, chain.wallets[0], {
      address: staking,
      abi: stakingAbi,
      functionName: 'grantRole',
      args: [role, rival],
    })
    await expectRevert(
      chain.wallets[0].writeContract({
        address: rival,
        abi: [...bankAbi, ...stakingAbi],
        functionName: 'setConfig',
        args: [staking, 1n, base],
      }),
      'NotConfigBank',
    )
  })

  it('rejects config writes from outside the role, from non-owners of the bank, and invalid configs', async () => {
    await expectRevert(
      user.writeContract({ address: staking, abi: stakingAbi, functionName: 'setConfig', args: [9n, base] }),
      'AccessControlUnauthorizedAccount',
    )
    await expectRevert(
      user.writeContract({
        address: bank,
        abi: bankAbi,
        functionName: 'setConfig',
        args: [staking, 9n, base],
      }),
      'OwnableUnauthorizedAccount',
    )
    await expectRevert(
      chain.wallets[0].writeContract({
        address: bank,
        abi: [...bankAbi, ...stakingAbi],
        functionName: 'setConfig',
        args: [staking, 9n, { ...base, minStake: parseEther('5000') }],
      }),
      'InvalidConfig',
    )
  })

  it('stakes into the bank and rejects every invalid stake by name', async () => {
    const who = user.account.address
    const bankBefore = await wopenBalance(bank)
    const receipt = await send(chain, user, {
      address: staking,
      abi: stakingAbi,
      functionName: 'stake',
      args: [1n, who, parseEther('50')],
    })
    const [staked] = parseEventLogs({ abi: stakingAbi, logs: receipt.logs, eventName: 'Staked' })
    expect(staked.args).toEqual({ stakingId: 0n, recipient: who, amount: parseEther('50') })
    expect((await wopenBalance(bank)) - bankBefore).toBe(parseEther('50'))
    expect(await stakedAmount(1n, who)).toBe(parseEther('50'))

    await expectRevert(stakeTx(user, 1n, who, 0n), 'ZeroAmount')
    await expectRevert(stakeTx(user, 1n, zeroAddress, 1n), 'ZeroRecipient')
    await expectRevert(stakeTx(other, 1n, other.account.address, parseEther('0.5')), 'StakeAmountTooSmall')
    await expectRevert(stakeTx(user, 1n, who, parseEther('1951')), 'StakeAmountExceeded')
    await expectRevert(stakeTx(user, 3n, who, parseEther('10')), 'InactiveConfigOrInvalidSender')
    await expectRevert(stakeTx(user, 4n, who, parseEther('10')), 'InactiveConfigOrInvalidSender')
    await expectRevert(stakeTx(user, 77n, who, parseEther('10')), 'InactiveConfigOrInvalidSender')
  })

  it('tops up with accrued interest folded in and the lock restarted', async () => {
    const before = await stakeOf(0n)
    await chain.mine(1, 10 * DAY)
    const receipt = await send(chain, user, {
      address: staking,
      abi: stakingAbi,
      functionName: 'topUpStake',
      args: [0n, parseEther('10')],
    })
    const [topped] = parseEventLogs({ abi: stakingAbi, logs: receipt.logs, eventName: 'ToppedUp' })
    expect(topped.args).toEqual({ stakingId: 0n, recipient: user.account.address, amount: parseEther('10') })
    const now = await blockTime(receipt.blockNumber)
    const after = await stakeOf(0n)
    closeTo(after.amount, expected(before.amount, base.interestRate, now - before.updatedAt) + 10e18)
    expect([after.startTime, after.updatedAt]).toEqual([now, now])
    expect(await stakedAmount(1n, user.account.address)).toBe(after.amount)

    await expectRevert(call(user, 'topUpStake', [0n, 0n]), 'ZeroAmount')
    await expectRevert(call(user, 'topUpStake', [99n, 1n]), 'StakeNotFound')
    await expectRevert(call(other, 'topUpStake', [0n, 1n]), 'MismatchedRecipient')
  })

  it('rejects top-ups where the config disables them or the lock has ended', async () => {
    const r = await send(chain, other, {
      address: staking,
      abi: stakingAbi,
      functionName: 'stake',
      args: [2n, other.account.address, parseEther('20')],
    })
    const [{ args }] = parseEventLogs({ abi: stakingAbi, logs: r.logs, eventName: 'Staked' })
    await expectRevert(call(other, 'topUpStake', [args.stakingId, 1n]), 'InactiveConfigOrInvalidSender')

    const r2 = await send(chain, other, {
      address: staking,
      abi: stakingAbi,
      functionName: 'stake',
      args: [1n, other.account.address, parseEther('20')],
    })
    const [staked] = parseEventLogs({ abi: stakingAbi, logs: r2.logs, eventName: 'Staked' })
    await chain.mine(1, 31 * DAY)
    await expectRevert(call(other, 'topUpStake', [staked.args.stakingId, 1n]), 'StakeEnded')
  })

  it('with no cooldown, requestUnstake pays out at once (after the lock)', async () => {
    // Stake 1 (config 2, 20 WOPEN) has been locked for > 30 days by now.
    const who = other.account.address
    const balanceBefore = await wopenBalance(who)
    const stake = await stakeOf(1n)
    const receipt = await send(chain, other, {
      address: staking,
      abi: stakingAbi,
      functionName: 'requestUnstake',
      args: [1n],
    })
    expect(parseEventLogs({ abi: stakingAbi, logs: receipt.logs, eventName: 'RequestUnstake' })).toEqual([])
    const [unstaked] = parseEventLogs({ abi: stakingAbi, logs: receipt.logs, eventName: 'Unstaked' })
    expect(unstaked.args).toEqual({ stakingId: 1n, recipient: who })
    // Interest accrues for at most stakeDuration (30 days), even though more time passed.
    const paid = (await wopenBalance(who)) - balanceBefore
    closeTo(paid, expected(stake.amount, base.interestRate, base.stakeDuration))
    expect(await stakedAmount(2n, who)).toBe(0n)
  })

  it('requestUnstake, cooldown and lock enforced, then unstake pays principal + interest from the bank', async () => {
    const who = user.account.address
    await expectRevert(call(other, 'requestUnstake', [0n]), 'MismatchedRecipient')
    await expectRevert(call(user, 'requestUnstake', [99n]), 'StakeNotFound')
    await expectRevert(call(user, 'unstake', [0n]), 'UnstakeRequestNotFound')

    // Stake 0 was topped up ~31 days ago, so its lock (restarted then) has just ended; make a fresh one.
    const r = await send(chain, user, {
      address: staking,
      abi: stakingAbi,
      functionName: 'stake',
      args: [1n, who, parseEther('100')],
    })
    const [{ args }] = parseEventLogs({ abi: stakingAbi, logs: r.logs, eventName: 'Staked' })
    const id = args.stakingId
    await chain.mine(1, 20 * DAY)
    const req = await send(chain, user, {
      address: staking,
      abi: stakingAbi,
      functionName: 'requestUnstake',
      args: [id],
    })
    const [requested] = parseEventLogs({ abi: stakingAbi, logs: req.logs, eventName: 'RequestUnstake' })
    expect(requested.args).toEqual({ stakingId: id, recipient: who })
    expect((await stakeOf(id)).amount).toBe(0n)
    const [requestAt, parked] = await chain.publicClient.readContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'unstakeRequests',
      args: [id],
    })
    expect(requestAt).toBe(await blockTime(req.blockNumber))
    const accrualSeconds = requestAt - (await blockTime(r.blockNumber))
    closeTo(parked.amount, expected(parseEther('100'), base.interestRate, accrualSeconds))

    await expectRevert(call(user, 'unstake', [id]), 'CooldownNotPassed')
    await expectRevert(call(other, 'unstake', [id]), 'MismatchedRecipient')
    await chain.mine(1, 7 * DAY)
    // Cooldown passed (day 27) but the 30-day lock has not ended.
    await expectRevert(call(user, 'unstake', [id]), 'StakeNotEnded')
    await chain.mine(1, 4 * DAY)

    const [userBefore, bankBefore] = [await wopenBalance(who), await wopenBalance(bank)]
    const done = await send(chain, user, {
      address: staking,
      abi: stakingAbi,
      functionName: 'unstake',
      args: [id],
    })
    const [unstaked] = parseEventLogs({ abi: stakingAbi, logs: done.logs, eventName: 'Unstaked' })
    expect(unstaked.args).toEqual({ stakingId: id, recipient: who })
    // Interest stopped at the request: the payout is exactly the parked amount.
    expect((await wopenBalance(who)) - userBefore).toBe(parked.amount)
    expect(bankBefore - (await wopenBalance(bank))).toBe(parked.amount)
    await expectRevert(call(user, 'unstake', [id]), 'UnstakeRequestNotFound')
  })

  it('computes e^(rate * years) interest: one year at 10 % gives x e^0.1', async () => {
    await setConfig(5n, { ...base, stakeDuration: 0n }) // 0: accrual time uncapped
    const block = await chain.publicClient.getBlock()
    const amount = await chain.publicClient.readContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'calculateAmount',
      args: [
        {
          recipient: zeroAddress,
          configId: 5n,
          updatedAt: block.timestamp - BigInt(YEAR),
          amount: parseEther('1'),
          startTime: 0n,
        },
      ],
      blockNumber: block.number,
    })
    closeTo(amount, Math.exp(0.1) * 1e18)
  })

  it('opens a manager-signed commitment (private config) into an unstake request', async () => {
    const who = user.account.address
    const now = (await chain.publicClient.getBlock()).timestamp
    const message = {
      recipient: who,
      configId: 4n,
      amount: parseEther('40'),
      startTime: now - BigInt(40 * DAY),
      nonce: 1n,
    }
    const signature = await chain.wallets[3].signTypedData({
      domain: { name: 'Staking', version: '1', chainId: chain.chain.id, verifyingContract: staking },
      types: {
        Stake: [
          { name: 'recipient', type: 'address' },
          { name: 'configId', type: 'uint256' },
          { name: 'amount', type: 'uint256' },
          { name: 'startTime', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
        ],
      },
      primaryType: 'Stake',
      message,
    })
    const committed = await send(chain, other, {
      address: staking,
      abi: stakingAbi,
      functionName: 'commitStake',
      args: [signature],
    })
    const [commit] = parseEventLogs({ abi: stakingAbi, logs: committed.logs, eventName: 'CommitStake' })
    expect(commit.args.commitment).toBe(signature)
    const id = commit.args.stakingId
    await expectRevert(
      other.writeContract({
        address: staking,
        abi: stakingAbi,
        functionName: 'commitStake',
        args: [signature],
      }),
      'SignatureReplayed',
    )
    const open = (w: Wallet) =>
      w.writeContract({
        address: staking,
        abi: stakingAbi,
        functionName: 'requestUnstakeWithCommitment',
        args: [id, message.configId, message.startTime, message.nonce, message.amount],
      })
    // Signed for `user`: anyone else opening it recovers a different signer.
    await expectRevert(open(other), 'InvalidCommitment')
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: await open(user) })
    const [requested] = parseEventLogs({ abi: stakingAbi, logs: receipt.logs, eventName: 'RequestUnstake' })
    expect(requested.args).toEqual({ stakingId: id, recipient: who })
    await expectRevert(open(user), 'StakeNotFound')

    await chain.mine(1, 7 * DAY)
    const before = await wopenBalance(who)
    await send(chain, user, { address: staking, abi: stakingAbi, functionName: 'unstake', args: [id] })
    // Interest from startTime, capped at the 30-day stakeDuration.
    closeTo(
      (await wopenBalance(who)) - before,
      expected(message.amount, base.interestRate, base.stakeDuration),
    )
  })
})
