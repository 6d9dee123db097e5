import { encodeFunctionData, getAddress, keccak256, parseEther, toHex, zeroAddress } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rejectingPayerAbi } from '../../abi/viem'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import {
  bondProvider,
  type Compute,
  computeMarketAbi,
  deployComputeMarket,
  events,
  fulfilCompute,
  marketCall,
  marketRead,
  minePastDeadline,
  missCompute,
  positionOf,
  requestCompute,
} from './computeSimulate'
import { buildMarket, type Market } from './fixture'
import {
  balanceOf,
  expectedSplit,
  fulfil,
  inferenceRouterAbi,
  modelRegistryAbi,
  read,
  requestInference,
  settle,
  write,
} from './simulate'

let chain: TestChain
let m: Market
let c: Compute
let snapshot: `0x${string}`

beforeAll(async () => {
  chain = await setupChain()
  m = await buildMarket(chain)
  c = await deployComputeMarket(m.stack)
  snapshot = await chain.testClient.snapshot()
})
beforeEach(async () => {
  await chain.testClient.revert({ id: snapshot })
  snapshot = await chain.testClient.snapshot()
})
afterAll(async () => {
  await chain?.stop()
})

// Wallets beyond the fixture's: 10–12 compute providers, 13 a second payer.
const provider = () => chain.wallets[10]
const other = () => chain.wallets[11]
const payer = () => m.caller
const SLASH = parseEther('0.4')

/** Native OPEN held by the market equals what it accounts for, to the wei. */
async function expectMarketSolvent() {
  const [staked, escrowed, owed] = await Promise.all(
    ['totalStaked', 'totalEscrowed', 'totalOwed'].map((f) => marketRead<bigint>(c, f)),
  )
  expect(await balanceOf(m.stack, c.market)).toBe(staked + escrowed + owed)
}

describe('ComputeMarket', () => {
  it('a bonded provider fulfils through the router; attribution and settlement are unchanged', async () => {
    await bondProvider(c, provider(), m.model)
    const r = await requestCompute(c, m.model, payer(), provider().account.address)
    expect(await balanceOf(m.stack, c.market)).toBe(parseEther('1') + r.fee)
    const { inferenceId, receipt } = await fulfilCompute(r, provider())
    expect(events(receipt, 'ComputeFulfilled')).toEqual([
      {
        requestId: r.id,
        inferenceId,
        provider: provider().account.address,
        modelId: m.model.id,
        outputHash: keccak256(toHex('spam')),
        topUp: 0n,
        refund: 0n,
      },
    ])
    const inf = await read<{ caller: string; status: number; fee: bigint; modelId: bigint }>(chain, {
      address: m.stack.router,
      abi: inferenceRouterAbi,
      functionName: 'inferenceOf',
      args: [inferenceId],
    })
    expect(inf).toMatchObject({ caller: getAddress(c.market), status: 2, fee: r.fee, modelId: m.model.id })
    const { settled } = await settle(
      { model: m.model, id: inferenceId, caller: payer(), fee: r.fee },
      m.validator,
      [
        [m.trained[0], 600_000],
        [m.trained[1], 400_000],
      ],
    )
    const split = expectedSplit(r.fee, [1000, 2000, 2000, 5000], [600_000, 400_000])
    expect(settled).toMatchObject({ protocolAmount: split.protocol, contributorsAmount: split.contributors })
    expect((await marketRead<{ status: number }>(c, 'requestOf', [r.id])).status).toBe(2)
    expect((await positionOf(c, provider().account.address, m.model)).openRequests).toBe(0n)
    await expectMarketSolvent()
  })

  it('a missed deadline refunds the payer the whole fee and slashes the governed amount to the treasury', async () => {
    await bondProvider(c, provider(), m.model, parseEther('2'))
    const r = await requestCompute(c, m.model, payer(), provider().account.address)
    const payerBefore = await balanceOf(m.stack, payer().account.address)
    const treasuryBefore = await balanceOf(m.stack, m.stack.treasury)
    // At the deadline block itself the provider may still fulfil, so the claim is early.
    const now = await chain.publicClient.getBlockNumber()
    await chain.mine(Number(r.deadlineBlock - now))
    await expectRevert(marketCall(c, m.outsider, 'claimMissed', [r.id]), 'DeadlineNotPassed')
    const { missed } = await missCompute(r, m.outsider)
    expect(missed).toMatchObject({ refund: r.fee, slashed: SLASH })
    expect(await balanceOf(m.stack, payer().account.address)).toBe(payerBefore + r.fee)
    expect(await balanceOf(m.stack, m.stack.treasury)).toBe(treasuryBefore + SLASH)
    expect(await positionOf(c, provider().account.address, m.model)).toMatchObject({
      bonded: parseEther('2') - SLASH,
      openRequests: 0n,
    })
    await expectRevert(fulfilCompute(r, provider()), 'RequestNotOpen')
    await expectRevert(marketCall(c, m.outsider, 'claimMissed', [r.id]), 'RequestNotOpen')
    await expectMarketSolvent()
  })

  it('only the assigned, bonded provider fulfils, and only by the deadline', async () => {
    await expectRevert(bondProvider(c, provider(), m.model, parseEther('0.5')), 'BondBelowMinimum')
    await expectRevert(marketCall(c, provider(), 'bond', [999n], parseEther('1')), 'UnknownModel')
    await expectRevert(requestCompute(c, m.model, payer(), provider().account.address), 'ProviderNotActive')
    await bondProvider(c, provider(), m.model)
    await bondProvider(c, other(), m.model)
    const r = await requestCompute(c, m.model, payer(), provider().account.address)
    await expectRevert(fulfilCompute(r, other()), 'NotAssignedProvider')
    await expectRevert(marketCall(c, provider(), 'fulfil', [r.id, `0x${'00'.repeat(32)}`]), 'ZeroOutputHash')
    await expectRevert(
      marketCall(c, payer(), 'request', [m.model.id, keccak256(toHex('x')), provider().account.address], 1n),
      'WrongFee',
    )
    await minePastDeadline(r)
    await expectRevert(fulfilCompute(r, provider()), 'DeadlinePassed')
    await expectRevert(marketCall(c, m.outsider, 'claimMissed', [999n]), 'RequestNotFound')
  })

  it('a provider caps its open requests: a flood cannot force more misses than it chose to risk', async () => {
    await bondProvider(c, provider(), m.model)
    await marketCall(c, provider(), 'setCapacity', [m.model.id, 2n])
    const a = await requestCompute(c, m.model, payer(), provider().account.address, 'a')
    await requestCompute(c, m.model, payer(), provider().account.address, 'b')
    await expectRevert(
      requestCompute(c, m.model, payer(), provider().account.address, 'c'),
      'ProviderAtCapacity',
    )
    await fulfilCompute(a, provider())
    await requestCompute(c, m.model, payer(), provider().account.address, 'c')
    await marketCall(c, provider(), 'setCapacity', [m.model.id, 0n])
    await requestCompute(c, m.model, payer(), provider().account.address, 'd')
    expect(await positionOf(c, provider().account.address, m.model)).toMatchObject({
      openRequests: 3n,
      capacity: 0n,
    })
  })

  it('the slash never exceeds the bond: bonded first, then unbonding, then nothing', async () => {
    await marketCall(c, m.stack.governor, 'setParameters', [parseEther('1'), 5n, parseEther('1.5')])
    await bondProvider(c, provider(), m.model, parseEther('2'))
    const a = await requestCompute(c, m.model, payer(), provider().account.address, 'a')
    const b = await requestCompute(c, m.model, payer(), provider().account.address, 'b')
    await marketCall(c, provider(), 'requestUnbond', [m.model.id, parseEther('1')])
    expect((await missCompute(a, m.outsider)).missed.slashed).toBe(parseEther('1.5'))
    expect(await positionOf(c, provider().account.address, m.model)).toMatchObject({
      bonded: 0n,
      unbonding: parseEther('0.5'),
    })
    expect((await missCompute(b, m.outsider)).missed.slashed).toBe(parseEther('0.5'))
    expect(await positionOf(c, provider().account.address, m.model)).toMatchObject({
      bonded: 0n,
      unbonding: 0n,
    })
    await expectMarketSolvent()
  })

  it('the slash amount is fixed at the request; new parameters apply to new requests', async () => {
    await bondProvider(c, provider(), m.model, parseEther('3'))
    const r = await requestCompute(c, m.model, payer(), provider().account.address)
    await marketCall(c, m.stack.governor, 'setParameters', [parseEther('1'), 50n, parseEther('2')])
    expect((await missCompute(r, m.outsider)).missed.slashed).toBe(SLASH)
    const later = await requestCompute(c, m.model, payer(), provider().account.address)
    expect(later.slashAmount).toBe(parseEther('2'))
    expect(later.deadlineBlock).toBe((await chain.publicClient.getBlockNumber()) + 50n)
  })

  it('unbonding waits its delay and cannot escape an open request', async () => {
    await bondProvider(c, provider(), m.model, parseEther('2'))
    const r = await requestCompute(c, m.model, payer(), provider().account.address)
    await expectRevert(
      marketCall(c, provider(), 'requestUnbond', [m.model.id, parseEther('3')]),
      'InsufficientBond',
    )
    await expectRevert(marketCall(c, provider(), 'withdraw', [m.model.id]), 'NothingToWithdraw')
    const { receipt } = await marketCall(c, provider(), 'requestUnbond', [m.model.id, parseEther('2')])
    const [unbonding] = events(receipt, 'ProviderUnbonding') as { availableAtBlock: bigint }[]
    expect(unbonding.availableAtBlock).toBe(receipt.blockNumber + 10n)
    await expectRevert(marketCall(c, provider(), 'withdraw', [m.model.id]), 'UnbondingNotReady')
    // No longer active: no new requests, but the open one stays its to fulfil or miss.
    await expectRevert(requestCompute(c, m.model, payer(), provider().account.address), 'ProviderNotActive')
    await chain.mine(12)
    await expectRevert(marketCall(c, provider(), 'withdraw', [m.model.id]), 'OpenRequestsPending')
    await missCompute(r, m.outsider)
    const before = await balanceOf(m.stack, provider().account.address)
    const w = await marketCall(c, provider(), 'withdraw', [m.model.id])
    const gas = w.receipt.gasUsed * w.receipt.effectiveGasPrice
    expect(await balanceOf(m.stack, provider().account.address)).toBe(before + parseEther('2') - SLASH - gas)
    expect(await balanceOf(m.stack, c.market)).toBe(0n)
    await expectMarketSolvent()
  })

  it('only governance sets the parameters and the router’s compute market', async () => {
    await expectRevert(marketCall(c, m.outsider, 'setParameters', [1n, 1n, 1n]), 'OwnableUnauthorizedAccount')
    await expectRevert(marketCall(c, m.stack.governor, 'setParameters', [0n, 1n, 1n]), 'ZeroMinBond')
    await expectRevert(marketCall(c, m.stack.governor, 'setParameters', [1n, 0n, 1n]), 'ZeroDeadlineWindow')
    await expectRevert(
      write(chain, m.outsider, {
        address: m.stack.router,
        abi: inferenceRouterAbi,
        functionName: 'setComputeMarket',
        args: [m.outsider.account.address],
      }),
      'NotGovernance',
    )
    const { receipt } = await marketCall(c, m.stack.governor, 'setParameters', [2n, 3n, 4n])
    expect(events(receipt, 'ComputeParametersUpdated')).toEqual([
      { minBond: 2n, deadlineBlocks: 3n, slashAmount: 4n },
    ])
  })

  it('the router still rejects every other fulfiller, the market included for inferences it did not request', async () => {
    const direct = await requestInference(m.model, m.caller)
    await expectRevert(fulfil(direct, 'o', m.outsider), 'NotModelOwner')
    // Even an account made the compute market may fulfil only the inferences it requested itself.
    await write(chain, m.stack.governor, {
      address: m.stack.router,
      abi: inferenceRouterAbi,
      functionName: 'setComputeMarket',
      args: [m.outsider.account.address],
    })
    await expectRevert(fulfil(direct, 'o', m.outsider), 'NotModelOwner')
    const own = await requestInference(m.model, m.outsider)
    await fulfil(own, 'o', m.outsider)
    // Unset: the market's own fulfilment is refused by the router and rolls back whole.
    await write(chain, m.stack.governor, {
      address: m.stack.router,
      abi: inferenceRouterAbi,
      functionName: 'setComputeMarket',
      args: [zeroAddress],
    })
    await bondProvider(c, provider(), m.model)
    const r = await requestCompute(c, m.model, payer(), provider().account.address)
    await expect(fulfilCompute(r, provider())).rejects.toThrow()
    expect((await marketRead<{ status: number }>(c, 'requestOf', [r.id])).status).toBe(1)
  })

  it('a payer that rejects native OPEN cannot block a claim: its refund is deferred', async () => {
    const hostile = await chain.deploy('RejectingPayer')
    await bondProvider(c, provider(), m.model)
    const data = encodeFunctionData({
      abi: computeMarketAbi,
      functionName: 'request',
      args: [m.model.id, keccak256(toHex('x')), provider().account.address],
    })
    await write(chain, m.outsider, {
      address: hostile,
      abi: rejectingPayerAbi,
      functionName: 'execute',
      args: [c.market, data, m.model.price],
      value: m.model.price,
    })
    const requestId = await marketRead<bigint>(c, 'requestCount')
    await chain.mine(6)
    const { receipt } = await marketCall(c, m.outsider, 'claimMissed', [requestId])
    expect(events(receipt, 'PaymentDeferred')).toEqual([
      { recipient: getAddress(hostile), amount: m.model.price },
    ])
    expect(await marketRead<bigint>(c, 'owed', [hostile])).toBe(m.model.price)
    await expectMarketSolvent()
    const sink = chain.accounts[12]
    const before = await balanceOf(m.stack, sink)
    await write(chain, m.outsider, {
      address: hostile,
      abi: rejectingPayerAbi,
      functionName: 'execute',
      args: [
        c.market,
        encodeFunctionData({ abi: computeMarketAbi, functionName: 'withdrawOwedTo', args: [sink] }),
        0n,
      ],
    })
    expect(await balanceOf(m.stack, sink)).toBe(before + m.model.price)
    await expectRevert(marketCall(c, m.outsider, 'withdrawOwed'), 'NothingOwed')
    await expectMarketSolvent()
  })

  it('a price change after the request: the provider pays exactly the rise, the payer gets back the fall', async () => {
    await bondProvider(c, provider(), m.model)
    const setPrice = (price: bigint) =>
      write(chain, m.modelOwner, {
        address: m.stack.models,
        abi: modelRegistryAbi,
        functionName: 'setPrice',
        args: [m.model.id, price],
      })
    const up = await requestCompute(c, m.model, payer(), provider().account.address, 'up')
    await setPrice(m.model.price + 7n)
    await expectRevert(fulfilCompute(up, provider(), 'o', 6n), 'WrongTopUp')
    const { receipt } = await fulfilCompute(up, provider(), 'o', 7n)
    expect(events(receipt, 'ComputeFulfilled')[0]).toMatchObject({ topUp: 7n, refund: 0n })
    const down = await requestCompute(
      c,
      m.model,
      payer(),
      provider().account.address,
      'down',
      m.model.price + 7n,
    )
    await setPrice(m.model.price - 5n)
    const before = await balanceOf(m.stack, payer().account.address)
    const { inferenceId, receipt: r2 } = await fulfilCompute(down, provider())
    expect(events(r2, 'ComputeFulfilled')[0]).toMatchObject({ topUp: 0n, refund: 12n })
    expect(await balanceOf(m.stack, payer().account.address)).toBe(before + 12n)
    const inf = await read<{ fee: bigint }>(chain, {
      address: m.stack.router,
      abi: inferenceRouterAbi,
      functionName: 'inferenceOf',
      args: [inferenceId],
    })
    expect(inf.fee).toBe(m.model.price - 5n)
    await expectMarketSolvent()
  })

  it('conservation: every wei in equals every wei out or still held, across a mixed run', async () => {
    const wallets = [payer(), provider(), other()]
    const sumBalances = async () =>
      (await Promise.all(wallets.map((w) => balanceOf(m.stack, w.account.address)))).reduce(
        (x, y) => x + y,
        0n,
      )
    const startBlock = await chain.publicClient.getBlockNumber()
    const start = await sumBalances()
    const routerStart = await balanceOf(m.stack, m.stack.router)
    const treasuryStart = await balanceOf(m.stack, m.stack.treasury)
    await bondProvider(c, provider(), m.model, parseEther('1.5'))
    await bondProvider(c, other(), m.model, parseEther('3'))
    let fulfilled = 0n
    for (let i = 0; i < 6; i++) {
      const who = i % 2 === 0 ? provider() : other()
      const r = await requestCompute(c, m.model, payer(), who.account.address, `in-${i}`)
      if (i % 3 === 0) await missCompute(r, who)
      else {
        await fulfilCompute(r, who)
        fulfilled += 1n
      }
    }
    // Missed: request 0 (provider) and 3 (other), one slash each; the 4 fulfilled fees sit in the router.
    expect(await balanceOf(m.stack, m.stack.router)).toBe(routerStart + fulfilled * m.model.price)
    expect(await balanceOf(m.stack, m.stack.treasury)).toBe(treasuryStart + 2n * SLASH)
    const staked = await marketRead<bigint>(c, 'totalStaked')
    expect(staked).toBe(parseEther('4.5') - 2n * SLASH)
    await expectMarketSolvent()
    const spent = start - (await sumBalances()) - (await gasPaidSince(startBlock, wallets))
    expect(spent).toBe(staked + fulfilled * m.model.price + 2n * SLASH)
  })
})

/** Gas paid by `wallets` in the blocks after `fromBlock`. */
async function gasPaidSince(fromBlock: bigint, wallets: { account: { address: string } }[]): Promise<bigint> {
  const addrs = new Set(wallets.map((w) => w.account.address.toLowerCase()))
  const head = await chain.publicClient.getBlockNumber()
  let total = 0n
  for (let b = fromBlock + 1n; b <= head; b++) {
    const block = await chain.publicClient.getBlock({ blockNumber: b, includeTransactions: true })
    for (const tx of block.transactions) {
      if (!addrs.has(tx.from.toLowerCase())) continue
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: tx.hash })
      total += receipt.gasUsed * receipt.effectiveGasPrice
    }
  }
  return total
}
