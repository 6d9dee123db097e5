import fc from 'fast-check'
import {
  type Abi,
  type AbiEvent,
  type Address,
  getAddress,
  parseEther,
  parseEventLogs,
  toEventSelector,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import {
  addLiquidity,
  amountOut,
  createPool,
  type Pool,
  removeLiquidity,
  reserves,
  shareAmmFactoryAbi,
  shareAmmPairAbi,
  swap,
  tokenBalance,
  transferToken,
} from './shares'
import { mockWOPENAbi, read, write } from './simulate'

let chain: TestChain
let pool: Pool
let ammFactory: Address
/** Initial liquidity, 1000 shares against 10 WOPEN, in the pool's token order. */
let seed: [bigint, bigint]
let snapshot: `0x${string}`
const TRADERS = [1, 2, 3, 4]

beforeAll(async () => {
  chain = await setupChain()
  const w = chain.wallets
  // Two plain ERC-20s: a share token (constructed directly, supply to wallet 1) and a WETH9-like WOPEN.
  const share = await chain.deploy(
    'ModelShareToken',
    [
      'Shares',
      'SH',
      parseEther('1000000'),
      w[1].account.address,
      1n,
      w[0].account.address,
      w[0].account.address,
    ],
    { from: 1 },
  )
  const wopen = await chain.deploy('MockWOPEN')
  ammFactory = await chain.deploy('ShareAmmFactory')
  pool = await createPool(chain, ammFactory, share, wopen)
  seed =
    pool.token0 === getAddress(share)
      ? [parseEther('1000'), parseEther('10')]
      : [parseEther('10'), parseEther('1000')]
  for (const i of TRADERS) {
    if (i !== 1) await transferToken(chain, w[1], share, w[i].account.address, parseEther('200000'))
    await write(chain, w[i], {
      address: wopen,
      abi: mockWOPENAbi,
      functionName: 'deposit',
      value: parseEther('1000'),
    })
  }
  snapshot = await chain.testClient.snapshot()
})
afterAll(async () => {
  await chain?.stop()
})

const lpSupply = () =>
  read<bigint>(chain, { address: pool.pair, abi: shareAmmPairAbi, functionName: 'totalSupply' })
const lpOf = (a: Address) => tokenBalance(chain, pool.pair, a)

type Op =
  | { kind: 'add'; trader: number; a0: bigint; a1: bigint }
  | { kind: 'remove'; trader: number; permille: number }
  | { kind: 'swap'; trader: number; zeroForOne: boolean; amountIn: bigint }

const amountArb = fc.oneof(
  fc.bigInt({ min: 1n, max: 10n ** 6n }),
  fc.bigInt({ min: 10n ** 6n, max: parseEther('50') }),
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    trader: fc.constantFrom(...TRADERS),
    a0: amountArb,
    a1: amountArb,
  }),
  fc.record({
    kind: fc.constant('remove' as const),
    trader: fc.constantFrom(...TRADERS),
    permille: fc.integer({ min: 1, max: 1000 }),
  }),
  fc.record({
    kind: fc.constant('swap' as const),
    trader: fc.constantFrom(...TRADERS),
    zeroForOne: fc.boolean(),
    amountIn: amountArb,
  }),
)

describe('ShareAmmPair invariants (property)', () => {
  it('k never decreases on a swap, LP shares are minted and burnt pro rata, reserves equal balances', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        await chain.testClient.revert({ id: snapshot })
        snapshot = await chain.testClient.snapshot()
        const w = chain.wallets
        // A first deposit so every sequence trades against a live pool.
        await addLiquidity(pool, w[1], ...seed)
        for (const op of ops) {
          const [r0, r1] = await reserves(pool)
          const supply = await lpSupply()
          if (op.kind === 'add') {
            const want = minBig((op.a0 * supply) / r0, (op.a1 * supply) / r1)
            if (want === 0n) continue
            const minted = await addLiquidity(pool, w[op.trader], op.a0, op.a1)
            expect(minted).toBe(want)
          } else if (op.kind === 'remove') {
            const lp = ((await lpOf(w[op.trader].account.address)) * BigInt(op.permille)) / 1000n
            if ((lp * r0) / supply === 0n || (lp * r1) / supply === 0n) continue
            const [out0, out1] = await removeLiquidity(pool, w[op.trader], lp)
            expect([out0, out1]).toEqual([(lp * r0) / supply, (lp * r1) / supply])
          } else {
            const out = op.zeroForOne ? amountOut(op.amountIn, r0, r1) : amountOut(op.amountIn, r1, r0)
            if (out === 0n) continue
            await swap(pool, w[op.trader], op.zeroForOne, op.amountIn)
            const [n0, n1] = await reserves(pool)
            expect(n0 * n1 >= r0 * r1).toBe(true)
          }
          const [n0, n1] = await reserves(pool)
          expect([n0, n1]).toEqual([
            await tokenBalance(chain, pool.token0, pool.pair),
            await tokenBalance(chain, pool.token1, pool.pair),
          ])
        }
        // LP balances account for the whole supply (the locked minimum included).
        const holders = [
          ...TRADERS.map((i) => w[i].account.address),
          '0x000000000000000000000000000000000000dEaD' as Address,
        ]
        const sum = (await Promise.all(holders.map(lpOf))).reduce((a, b) => a + b, 0n)
        expect(sum).toBe(await lpSupply())
      }),
      { numRuns: 40 },
    )
  })

  it('rejects a swap taking one wei more than the fee allows, and emits V2 events', async () => {
    await chain.testClient.revert({ id: snapshot })
    snapshot = await chain.testClient.snapshot()
    const w = chain.wallets
    await addLiquidity(pool, w[1], ...seed)
    const [r0, r1] = await reserves(pool)
    const amountIn = parseEther('1')
    const out = amountOut(amountIn, r0, r1)
    await expectRevert(swap(pool, w[2], true, amountIn, out + 1n), 'KDecreased')
    await chain.testClient.revert({ id: snapshot })
    snapshot = await chain.testClient.snapshot()
    await addLiquidity(pool, w[1], ...seed)
    await swap(pool, w[2], true, amountIn, out)
    const logs = await chain.publicClient.getLogs({ address: pool.pair, fromBlock: 0n })
    const names = parseEventLogs({ abi: shareAmmPairAbi, logs }).map((l) => l.eventName)
    expect(names).toEqual(['Transfer', 'Transfer', 'Sync', 'Mint', 'Sync', 'Swap'])
    const created = await chain.publicClient.getLogs({ address: ammFactory, fromBlock: 0n })
    expect(parseEventLogs({ abi: shareAmmFactoryAbi, logs: created })[0].args).toEqual([
      pool.token0,
      pool.token1,
      pool.pair,
      1n,
    ])
    await expectRevert(
      write(chain, w[0], {
        address: ammFactory,
        abi: shareAmmFactoryAbi,
        functionName: 'createPair',
        args: [pool.token1, pool.token0],
      }),
      'PairExists',
    )
  })

  it('uses Uniswap V2 event signatures exactly', () => {
    const selectors = (abi: Abi) =>
      abi.filter((e) => e.type === 'event').map((e) => toEventSelector(e as AbiEvent))
    const pair = selectors(shareAmmPairAbi)
    for (const signature of [
      'Mint(address,uint256,uint256)',
      'Burn(address,uint256,uint256,address)',
      'Swap(address,uint256,uint256,uint256,uint256,address)',
      'Sync(uint112,uint112)',
      'Transfer(address,address,uint256)',
    ])
      expect(pair).toContain(toEventSelector(signature))
    expect(selectors(shareAmmFactoryAbi)).toEqual([
      toEventSelector('PairCreated(address,address,address,uint256)'),
    ])
    // Indexed flags as in V2 (they decide topic count, which tooling relies on).
    const indexed = (abi: Abi, name: string) =>
      (abi.find((e) => e.type === 'event' && e.name === name) as AbiEvent).inputs.map((i) =>
        Boolean(i.indexed),
      )
    expect(indexed(shareAmmPairAbi, 'Swap')).toEqual([true, false, false, false, false, true])
    expect(indexed(shareAmmPairAbi, 'Burn')).toEqual([true, false, false, true])
    expect(indexed(shareAmmPairAbi, 'Mint')).toEqual([true, false, false])
    expect(indexed(shareAmmFactoryAbi, 'PairCreated')).toEqual([true, true, false, false])
  })
})

const minBig = (a: bigint, b: bigint) => (a < b ? a : b)
