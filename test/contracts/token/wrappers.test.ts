import { type Abi, type Address, parseEther, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gOPENAbi, wOPENAbi } from '../../../src/abi/viem'
import { expectRevert, send, setupChain, type TestChain, type Wallet } from '../../setup/chain'

/** Native + token balance of `who`, and the gas its receipt cost. */
async function balances(chain: TestChain, abi: Abi, token: Address, who: Address) {
  const [native, wrapped] = await Promise.all([
    chain.publicClient.getBalance({ address: who }),
    chain.publicClient.readContract({ address: token, abi, functionName: 'balanceOf', args: [who] }),
  ])
  return { native, wrapped: wrapped as bigint }
}

const gasOf = (r: { gasUsed: bigint; effectiveGasPrice: bigint; l1Fee?: bigint | null }) =>
  r.gasUsed * r.effectiveGasPrice + (r.l1Fee ?? 0n)

// WOPEN and GOPEN share the wrap/unwrap contract: deposit() payable mints 1:1, withdraw(x) burns and pays back.
describe.each([
  { name: 'WOPEN', abi: wOPENAbi as Abi, overWithdraw: 'InsufficientBalance' },
  { name: 'GOPEN', abi: gOPENAbi as Abi, overWithdraw: 'ERC20InsufficientBalance' },
])('$name wraps native OPEN 1:1', ({ name, abi, overWithdraw }) => {
  let chain: TestChain
  let token: Address
  let user: Wallet

  beforeAll(async () => {
    chain = await setupChain({ accounts: 3 })
    token = await chain.deploy(name)
    user = chain.wallets[1]
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('deposit mints, withdraw burns, native balances move by the same amount', async () => {
    const who = user.account.address
    const before = await balances(chain, abi, token, who)
    const dep = await send(chain, user, {
      address: token,
      abi,
      functionName: 'deposit',
      value: parseEther('5'),
    })
    const [deposit] = parseEventLogs({ abi, logs: dep.logs, eventName: 'Deposit' }) as { args: object }[]
    expect(Object.values(deposit.args)).toEqual([who, parseEther('5')])
    const mid = await balances(chain, abi, token, who)
    expect(mid.wrapped - before.wrapped).toBe(parseEther('5'))
    expect(before.native - mid.native).toBe(parseEther('5') + gasOf(dep))

    const wd = await send(chain, user, {
      address: token,
      abi,
      functionName: 'withdraw',
      args: [parseEther('2')],
    })
    const [withdrawal] = parseEventLogs({ abi, logs: wd.logs, eventName: 'Withdrawal' }) as { args: object }[]
    expect(Object.values(withdrawal.args)).toEqual([who, parseEther('2')])
    const after = await balances(chain, abi, token, who)
    expect(mid.wrapped - after.wrapped).toBe(parseEther('2'))
    expect(after.native - mid.native).toBe(parseEther('2') - gasOf(wd))
    const [supply, held] = await Promise.all([
      chain.publicClient.readContract({ address: token, abi, functionName: 'totalSupply' }),
      chain.publicClient.getBalance({ address: token }),
    ])
    expect(supply).toBe(parseEther('3'))
    expect(held).toBe(parseEther('3'))
  })

  it('a plain native transfer deposits for the sender', async () => {
    const who = chain.accounts[2]
    const hash = await chain.wallets[2].sendTransaction({ to: token, value: parseEther('1') })
    await chain.publicClient.waitForTransactionReceipt({ hash })
    expect((await balances(chain, abi, token, who)).wrapped).toBe(parseEther('1'))
  })

  it(`over-withdraw reverts with ${overWithdraw}`, async () => {
    await expectRevert(
      user.writeContract({ address: token, abi, functionName: 'withdraw', args: [parseEther('1000')] }),
      overWithdraw,
    )
  })
})

describe('WOPEN allowances', () => {
  let chain: TestChain
  let token: Address

  beforeAll(async () => {
    chain = await setupChain({ accounts: 3 })
    token = await chain.deploy('WOPEN')
    await send(chain, chain.wallets[1], {
      address: token,
      abi: wOPENAbi,
      functionName: 'deposit',
      value: 100n,
    })
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('transferFrom spends a finite allowance and rejects beyond it with InsufficientAllowance', async () => {
    const [, owner, spender] = chain.accounts
    await send(chain, chain.wallets[1], {
      address: token,
      abi: wOPENAbi,
      functionName: 'approve',
      args: [spender, 60n],
    })
    await send(chain, chain.wallets[2], {
      address: token,
      abi: wOPENAbi,
      functionName: 'transferFrom',
      args: [owner, spender, 40n],
    })
    const left = await chain.publicClient.readContract({
      address: token,
      abi: wOPENAbi,
      functionName: 'allowance',
      args: [owner, spender],
    })
    expect(left).toBe(20n)
    await expectRevert(
      chain.wallets[2].writeContract({
        address: token,
        abi: wOPENAbi,
        functionName: 'transferFrom',
        args: [owner, spender, 30n],
      }),
      'InsufficientAllowance',
    )
  })
})

describe('GOPEN votes', () => {
  let chain: TestChain
  let gopen: Address

  beforeAll(async () => {
    chain = await setupChain({ accounts: 4 })
    gopen = await chain.deploy('GOPEN')
  })
  afterAll(async () => {
    await chain?.stop()
  })

  const votes = (account: Address, timepoint?: bigint) =>
    timepoint === undefined
      ? chain.publicClient.readContract({
          address: gopen,
          abi: gOPENAbi,
          functionName: 'getVotes',
          args: [account],
        })
      : chain.publicClient.readContract({
          address: gopen,
          abi: gOPENAbi,
          functionName: 'getPastVotes',
          args: [account, timepoint],
        })

  it('uses a timestamp clock like the published GOPEN', async () => {
    const mode = await chain.publicClient.readContract({
      address: gopen,
      abi: gOPENAbi,
      functionName: 'CLOCK_MODE',
    })
    expect(mode).toBe('mode=timestamp')
  })

  it('delegation gives votes; past votes survive a later transfer', async () => {
    const [, alice, bob, carol] = chain.accounts
    const [, aliceW, bobW] = chain.wallets
    await send(chain, aliceW, {
      address: gopen,
      abi: gOPENAbi,
      functionName: 'deposit',
      value: parseEther('100'),
    })
    // Undelegated balances carry no votes.
    expect(await votes(alice)).toBe(0n)
    const del = await send(chain, aliceW, {
      address: gopen,
      abi: gOPENAbi,
      functionName: 'delegate',
      args: [alice],
    })
    const [changed] = parseEventLogs({ abi: gOPENAbi, logs: del.logs, eventName: 'DelegateVotesChanged' })
    expect(changed.args).toEqual({ delegate: alice, previousVotes: 0n, newVotes: parseEther('100') })
    await send(chain, bobW, { address: gopen, abi: gOPENAbi, functionName: 'delegate', args: [carol] })
    expect(await votes(alice)).toBe(parseEther('100'))
    // anvil may give consecutive blocks the same timestamp; step the (timestamp) clock on.
    await chain.mine(1, 10)

    const transfer = await send(chain, aliceW, {
      address: gopen,
      abi: gOPENAbi,
      functionName: 'transfer',
      args: [bob, parseEther('30')],
    })
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: transfer.blockNumber })
    await chain.mine(1, 1)
    // Bob delegated to Carol, so his received balance counts for Carol.
    expect([await votes(alice), await votes(bob), await votes(carol)]).toEqual([
      parseEther('70'),
      0n,
      parseEther('30'),
    ])
    expect(await votes(alice, timestamp - 1n)).toBe(parseEther('100'))
    expect(await votes(alice, timestamp)).toBe(parseEther('70'))
  })

  it('rejects zero deposits and withdrawals with ZeroValueNotAllowed', async () => {
    const w = chain.wallets[1]
    await expectRevert(
      w.writeContract({ address: gopen, abi: gOPENAbi, functionName: 'deposit', value: 0n }),
      'ZeroValueNotAllowed',
    )
    await expectRevert(
      w.writeContract({ address: gopen, abi: gOPENAbi, functionName: 'withdraw', args: [0n] }),
      'ZeroValueNotAllowed',
    )
  })
})
