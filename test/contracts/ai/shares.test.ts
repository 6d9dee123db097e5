import fc from 'fast-check'
import { type Address, getAddress, keccak256, parseEther, parseEventLogs, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import { buildMarket, type Market } from './fixture'
import { deployModelShares, MAGNITUDE, modelSharesAbi, modelShareTokenAbi, tokenize } from './shares'
import {
  balanceOf,
  expectedSplit,
  inferenceRouterAbi,
  modelRegistryAbi,
  read,
  requestInference,
  settle,
  write,
} from './simulate'

let chain: TestChain
let m: Market
let snapshot: `0x${string}`

beforeAll(async () => {
  chain = await setupChain()
  m = await buildMarket(chain)
  snapshot = await chain.testClient.snapshot()
})
afterAll(async () => {
  await chain?.stop()
})

const view = <T>(token: Address, functionName: string, args: readonly unknown[] = []) =>
  read<T>(chain, { address: token, abi: modelShareTokenAbi, functionName, args })

async function fresh() {
  await chain.testClient.revert({ id: snapshot })
  snapshot = await chain.testClient.snapshot()
}

type Action =
  | { kind: 'revenue'; from: number; amount: bigint }
  | { kind: 'transfer'; from: number; to: number; permille: number }
  | { kind: 'claim'; holder: number }

const HOLDERS = [1, 2, 3, 4, 5]
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('revenue' as const),
    from: fc.integer({ min: 6, max: 7 }),
    amount: fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: 10n ** 21n })),
  }),
  fc.record({
    kind: fc.constant('transfer' as const),
    from: fc.constantFrom(...HOLDERS),
    to: fc.constantFrom(...HOLDERS),
    permille: fc.integer({ min: 0, max: 1000 }),
  }),
  fc.record({ kind: fc.constant('claim' as const), holder: fc.constantFrom(...HOLDERS) }),
)

describe('ModelShareToken dividends (property)', () => {
  it('loses and creates no wei: received = claimed + claimable + fractions + remainder, each holder pro rata', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: 2n ** 112n - 1n })),
        fc.array(actionArb, { minLength: 1, maxLength: 14 }),
        async (supply, actions) => {
          await fresh()
          const w = chain.wallets
          // Constructed directly: the factory's checks are tested below, the accounting here.
          const token = await chain.deploy(
            'ModelShareToken',
            ['S', 'S', supply, w[1].account.address, 1n, m.stack.models, m.stack.router],
            { from: 1 },
          )
          const holders = HOLDERS.map((i) => w[i].account.address)
          const balances = new Map<Address, bigint>(holders.map((h, i) => [h, i === 0 ? supply : 0n]))
          // Exact entitlement of each holder as a rational over `supply`: sum of amount × balance.
          const entitledNum = new Map<Address, bigint>(holders.map((h) => [h, 0n]))
          const claimedBy = new Map<Address, bigint>(holders.map((h) => [h, 0n]))
          let received = 0n
          for (const a of actions) {
            if (a.kind === 'revenue') {
              const hash = await w[a.from].sendTransaction({ to: token, value: a.amount })
              await chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
              received += a.amount
              for (const h of holders)
                entitledNum.set(h, (entitledNum.get(h) ?? 0n) + a.amount * (balances.get(h) ?? 0n))
            } else if (a.kind === 'transfer') {
              const from = holders[HOLDERS.indexOf(a.from)]
              const to = holders[HOLDERS.indexOf(a.to)]
              const value = ((balances.get(from) ?? 0n) * BigInt(a.permille)) / 1000n
              await write(chain, w[a.from], {
                address: token,
                abi: modelShareTokenAbi,
                functionName: 'transfer',
                args: [to, value],
              })
              balances.set(from, (balances.get(from) ?? 0n) - value)
              balances.set(to, (balances.get(to) ?? 0n) + value)
            } else {
              const holder = holders[HOLDERS.indexOf(a.holder)]
              const claimable = await view<bigint>(token, 'withdrawableDividendOf', [holder])
              if (claimable === 0n) {
                await expectRevert(
                  chain.publicClient.simulateContract({
                    address: token,
                    abi: modelShareTokenAbi,
                    functionName: 'claim',
                    account: w[a.holder].account,
                  }),
                  'NothingToClaim',
                )
                continue
              }
              const before = await balanceOf(m.stack, holder)
              const { receipt } = await write(chain, w[a.holder], {
                address: token,
                abi: modelShareTokenAbi,
                functionName: 'claim',
              })
              const gas = receipt.gasUsed * receipt.effectiveGasPrice
              expect((await balanceOf(m.stack, holder)) - before + gas).toBe(claimable)
              claimedBy.set(holder, (claimedBy.get(holder) ?? 0n) + claimable)
            }
          }
          const totalReceived = await view<bigint>(token, 'totalReceived')
          const totalClaimed = await view<bigint>(token, 'totalClaimed')
          expect(totalReceived).toBe(received)
          // The native balance is exactly what was received and not yet claimed.
          expect(await balanceOf(m.stack, token)).toBe(received - totalClaimed)
          // Magnified conservation, exact: every 2^-128 wei received is some holder's or the remainder.
          let accumulated = 0n
          let claimable = 0n
          for (const h of holders) {
            const acc = await view<bigint>(token, 'accumulativeMagnifiedOf', [h])
            const withdrawable = await view<bigint>(token, 'withdrawableDividendOf', [h])
            const withdrawn = await view<bigint>(token, 'withdrawnDividendOf', [h])
            accumulated += acc
            claimable += withdrawable
            expect(withdrawn).toBe(claimedBy.get(h))
            expect(withdrawable + withdrawn).toBe(acc / MAGNITUDE)
            // Pro rata to the wei: what a holder ever gets is the floor of its exact share, or one wei less.
            const exact = (entitledNum.get(h) ?? 0n) / supply
            expect(exact - (withdrawable + withdrawn)).toBeGreaterThanOrEqual(0n)
            expect(exact - (withdrawable + withdrawn)).toBeLessThanOrEqual(1n)
          }
          const remainder = await view<bigint>(token, 'magnifiedRemainder')
          expect(remainder < supply).toBe(true)
          expect(accumulated + remainder).toBe(received * MAGNITUDE)
          // Solvency: everything claimable is in the contract; what is left is fractions below one wei each.
          const unclaimable = received - totalClaimed - claimable
          expect(unclaimable).toBeGreaterThanOrEqual(0n)
          expect(unclaimable).toBeLessThanOrEqual(BigInt(holders.length))
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('ModelShares factory and the router', () => {
  it('tokenizes a model: the NFT moves into the token, which earns the owner share of every settlement', async () => {
    await fresh()
    const factory = await deployModelShares(m.stack)
    const supply = parseEther('1000000')
    const token = await tokenize(factory, m.model, { supply })
    expect(
      await read(chain, {
        address: m.stack.models,
        abi: modelRegistryAbi,
        functionName: 'ownerOf',
        args: [m.model.id],
      }),
    ).toBe(token)
    expect(
      await read(chain, {
        address: factory,
        abi: modelSharesAbi,
        functionName: 'tokenOfModel',
        args: [m.model.id],
      }),
    ).toBe(token)
    expect(await view<bigint>(token, 'balanceOf', [m.modelOwner.account.address])).toBe(supply)
    expect(await view<Address>(token, 'operator')).toBe(m.modelOwner.account.address)

    // 30% of the shares to a second holder, then one paid inference fulfilled through the token.
    const other = chain.wallets[9].account.address
    await write(chain, m.modelOwner, {
      address: token,
      abi: modelShareTokenAbi,
      functionName: 'transfer',
      args: [other, (supply * 3n) / 10n],
    })
    const inference = await requestInference(m.model, m.caller)
    await expectRevert(
      write(chain, m.modelOwner, {
        address: m.stack.router,
        abi: inferenceRouterAbi,
        functionName: 'fulfil',
        args: [inference.id, keccak256(toHex('spam'))],
      }),
      'NotModelOwner',
    )
    await expectRevert(
      write(chain, chain.wallets[9], {
        address: token,
        abi: modelShareTokenAbi,
        functionName: 'fulfil',
        args: [inference.id, keccak256(toHex('spam'))],
      }),
      'NotOperator',
    )
    await write(chain, m.modelOwner, {
      address: token,
      abi: modelShareTokenAbi,
      functionName: 'fulfil',
      args: [inference.id, keccak256(toHex('spam'))],
    })
    const { receipt } = await settle(inference, m.validator, [[m.trained[0], 1_000_000]])
    const want = expectedSplit(inference.fee, [1000, 2000, 2000, 5000], [1_000_000])
    // Paid within the router's gas stipend, not deferred.
    expect(
      parseEventLogs({ abi: inferenceRouterAbi, logs: receipt.logs, eventName: 'PaymentDeferred' }),
    ).toEqual([])
    const revenue = parseEventLogs({
      abi: modelShareTokenAbi,
      logs: receipt.logs,
      eventName: 'RevenueReceived',
    })
    expect(revenue.map((l) => [l.args.from, l.args.amount])).toEqual([
      [getAddress(m.stack.router), want.modelOwner],
    ])
    // Pro rata: the exact share, or one wei less when the 2^-128 carried in the remainder decides the floor.
    for (const [holder, tenths] of [
      [other, 3n],
      [m.modelOwner.account.address, 7n],
    ] as const) {
      const owed =
        (want.modelOwner * tenths) / 10n - (await view<bigint>(token, 'withdrawableDividendOf', [holder]))
      expect(owed === 0n || owed === 1n).toBe(true)
    }

    // The operator sets the price through the token; nobody else can.
    await write(chain, m.modelOwner, {
      address: token,
      abi: modelShareTokenAbi,
      functionName: 'setPrice',
      args: [123n],
    })
    const [price] = await read<[bigint, number]>(chain, {
      address: m.stack.models,
      abi: modelRegistryAbi,
      functionName: 'modelInfo',
      args: [m.model.id],
    })
    expect(price).toBe(123n)
  })

  it('rejects a non-owner, a second tokenization, an oversized name and a zero or too large supply', async () => {
    await fresh()
    const factory = await deployModelShares(m.stack)
    const tokenizeAs = (i: number, name: string, symbol: string, supply: bigint) =>
      write(chain, chain.wallets[i], {
        address: factory,
        abi: [...modelSharesAbi, ...modelShareTokenAbi],
        functionName: 'tokenize',
        args: [m.model.id, name, symbol, supply],
      })
    await write(chain, m.modelOwner, {
      address: m.stack.models,
      abi: modelRegistryAbi,
      functionName: 'approve',
      args: [factory, m.model.id],
    })
    await expectRevert(tokenizeAs(9, 'x', 'x', 1n), 'NotModelOwner')
    await expectRevert(tokenizeAs(1, 'x'.repeat(65), 'x', 1n), 'NameTooLong')
    await expectRevert(tokenizeAs(1, 'x', 'x'.repeat(17), 1n), 'SymbolTooLong')
    await expectRevert(tokenizeAs(1, 'x', 'x', 0n), 'InvalidSupply')
    await expectRevert(tokenizeAs(1, 'x', 'x', 2n ** 112n), 'InvalidSupply')
    await tokenizeAs(1, 'x', 'x', 10n)
    // The NFT now belongs to the token: the old owner cannot tokenize again.
    await expectRevert(tokenizeAs(1, 'x', 'x', 10n), 'NotModelOwner')
  })

  it('takes a plain transfer as revenue; pullOwed reverts by name when the router owes nothing', async () => {
    await fresh()
    const factory = await deployModelShares(m.stack)
    const token = await tokenize(factory, m.model, { supply: 1000n })
    const amount = parseEther('0.5')
    await expectRevert(
      write(chain, chain.wallets[9], {
        address: token,
        abi: [...modelShareTokenAbi, ...inferenceRouterAbi],
        functionName: 'pullOwed',
      }),
      'NothingOwed',
    )
    const hash = await chain.wallets[9].sendTransaction({ to: token, value: amount })
    await chain.publicClient.waitForTransactionReceipt({ hash })
    expect(await view<bigint>(token, 'withdrawableDividendOf', [m.modelOwner.account.address])).toBe(amount)
  })
})
