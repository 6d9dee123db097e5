import { type Abi, type Address, getAddress, type Hex, parseEventLogs, slice, zeroHash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inferenceRouterV2Abi, openLedgerTimelockAbi } from '../../../src/abi/viem'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import { buildMarket, type Market } from './fixture'
import {
  asTimelock,
  datanetRegistryAbi,
  fulfil,
  inferenceRouterAbi,
  modelRegistryAbi,
  policyRegistryAbi,
  read,
  requestInference,
  settle,
  write,
} from './simulate'
import { type ViewArgs, viewSnapshot } from './viewSnapshot'

/** ERC-1967 implementation slot: keccak256("eip1967.proxy.implementation") - 1. */
const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc'

let chain: TestChain
let m: Market
let proxied: { name: string; address: Address; abi: Abi }[]
let args: ViewArgs
let before: Record<string, Record<string, unknown>>

const implementationOf = async (proxy: Address): Promise<Address> =>
  getAddress(
    slice(
      (await chain.publicClient.getStorageAt({ address: proxy, slot: IMPLEMENTATION_SLOT })) ?? zeroHash,
      12,
    ),
  )

const upgradeCall = (address: Address, abi: Abi, implementation: Address, data: Hex = '0x') => ({
  address,
  abi,
  functionName: 'upgradeToAndCall',
  args: [implementation, data],
})

beforeAll(async () => {
  chain = await setupChain()
  m = await buildMarket(chain, { wopen: await chain.deploy('WOPEN') })
  const { stack } = m
  // Real data in every proxy: a settled inference (payouts, one to each contributor), a fulfilled
  // one and a pending one in the router; the registries hold the market's datanets and model.
  const settled = await requestInference(m.model, m.caller, 'settled')
  await fulfil(settled)
  await settle(settled, m.validator, [
    [m.trained[0], 600_000],
    [m.trained[7], 400_000],
  ])
  await fulfil(await requestInference(m.model, m.caller, 'fulfilled'))
  await requestInference(m.model, m.outsider, 'pending')
  // Governance takes the registries (the router follows the policy's owner): from here on only the
  // timelock may upgrade, as in the deployed stack.
  for (const [address, abi] of [
    [stack.policy, policyRegistryAbi],
    [stack.datanets, datanetRegistryAbi],
    [stack.models, modelRegistryAbi],
  ] as const) {
    await write(chain, stack.governor, {
      address,
      abi,
      functionName: 'transferOwnership',
      args: [stack.governance.timelock],
    })
  }
  proxied = [
    { name: 'PolicyRegistry', address: stack.policy, abi: policyRegistryAbi },
    { name: 'DatanetRegistry', address: stack.datanets, abi: datanetRegistryAbi },
    { name: 'ModelRegistry', address: stack.models, abi: modelRegistryAbi },
    { name: 'InferenceRouter', address: stack.router, abi: inferenceRouterAbi },
  ]
  args = {
    uint256: Array.from({ length: 18 }, (_, i) => BigInt(i)),
    uint32: [0, 1, 2],
    address: [...chain.accounts.slice(0, 10), stack.governance.timelock, stack.router],
    bytes4: ['0x80ac58cd', '0x5b5e139f', '0x01ffc9a7', '0xffffffff'],
  }
  before = {}
  for (const p of proxied) before[p.name] = await viewSnapshot(chain, p.address, p.abi, args)
}, 600_000)
afterAll(async () => {
  await chain?.stop()
})

describe('UUPS proxies of the AI registries and the router', () => {
  it('the implementations cannot be initialized, and the proxies cannot be initialized again', async () => {
    const { stack } = m
    const initArgs: Record<string, readonly unknown[]> = {
      PolicyRegistry: [m.outsider.account.address],
      DatanetRegistry: [m.outsider.account.address],
      ModelRegistry: [m.outsider.account.address, stack.datanets],
      InferenceRouter: [
        stack.models,
        stack.datanets,
        stack.validators,
        stack.policy,
        m.outsider.account.address,
        stack.wopen,
        m.outsider.account.address,
      ],
    }
    for (const p of proxied) {
      const implementation = await implementationOf(p.address)
      expect(implementation).not.toBe(getAddress(p.address))
      for (const address of [p.address, implementation]) {
        await expectRevert(
          write(chain, m.outsider, {
            address,
            abi: p.abi,
            functionName: 'initialize',
            args: initArgs[p.name],
          }),
          'InvalidInitialization',
        )
      }
      // An implementation called directly refuses to upgrade (its own slot is not a proxy's).
      await expectRevert(
        write(chain, m.outsider, upgradeCall(implementation, p.abi, implementation)),
        'UUPSUnauthorizedCallContext',
      )
    }
  })

  it('only the timelock upgrades: the former owner, an outsider and the model owner are refused', async () => {
    const candidate = await chain.deploy('InferenceRouterV2')
    for (const p of proxied) {
      const expected = p.name === 'InferenceRouter' ? 'UpgradeNotByGovernance' : 'OwnableUnauthorizedAccount'
      for (const wallet of [m.stack.governor, m.outsider, m.modelOwner]) {
        await expectRevert(write(chain, wallet, upgradeCall(p.address, p.abi, candidate)), expected)
      }
    }
    // Not even through the timelock to a contract that is not UUPS (it would brick the proxy).
    await expectRevert(
      asTimelock(m.stack, upgradeCall(m.stack.router, inferenceRouterAbi, m.stack.wopen)),
      'ERC1967InvalidImplementation',
    )
  })

  it('the v2 function does not exist before the upgrade', async () => {
    await expect(
      write(chain, m.caller, {
        address: m.stack.router,
        abi: inferenceRouterV2Abi,
        functionName: 'rateInference',
        args: [1n, 5],
      }),
    ).rejects.toThrow()
  })

  it('an upgrade through the timelock keeps every stored value (state before = state after)', async () => {
    for (const p of proxied) {
      const next = await chain.deploy(p.name === 'InferenceRouter' ? 'InferenceRouterV2' : p.name)
      const old = await implementationOf(p.address)
      const { receipt } = await asTimelock(m.stack, upgradeCall(p.address, p.abi, next))
      const upgraded = parseEventLogs({ abi: p.abi, logs: receipt.logs, eventName: 'Upgraded' })
      expect(upgraded.map((l) => [getAddress(l.address), l.args])).toEqual([
        [getAddress(p.address), { implementation: getAddress(next) }],
      ])
      expect(await implementationOf(p.address)).toBe(getAddress(next))
      expect(next).not.toBe(old)
    }
    for (const p of proxied) {
      const after = await viewSnapshot(chain, p.address, p.abi, args)
      expect(Object.keys(after).length).toBeGreaterThan(30)
      expect(after, p.name).toEqual(before[p.name])
    }
    // The snapshot saw real data, not empty storage.
    expect(before.InferenceRouter['inferenceCount()']).toBe(3n)
    expect(before.DatanetRegistry['counts()']).toEqual([3n, 15n])
    expect(before.ModelRegistry['modelCount()']).toBe(1n)
  })

  it('after the upgrade the router keeps working on old data, and the v2 event is emitted', async () => {
    const { stack } = m
    // The inference settled before the upgrade is rated after it (storage read through the v2 code).
    const { receipt } = await write(chain, m.caller, {
      address: stack.router,
      abi: inferenceRouterV2Abi,
      functionName: 'rateInference',
      args: [1n, 4],
    })
    expect(
      parseEventLogs({ abi: inferenceRouterV2Abi, logs: receipt.logs, eventName: 'InferenceRated' }),
    ).toEqual([
      expect.objectContaining({
        address: stack.router.toLowerCase(),
        args: { inferenceId: 1n, caller: getAddress(m.caller.account.address), score: 4 },
      }),
    ])
    const rate = (from: typeof m.caller, id: bigint, score: number) =>
      write(chain, from, {
        address: stack.router,
        abi: inferenceRouterV2Abi,
        functionName: 'rateInference',
        args: [id, score],
      })
    await expectRevert(rate(m.outsider, 1n, 3), 'NotInferenceCaller')
    await expectRevert(rate(m.caller, 1n, 0), 'InvalidScore')
    await expectRevert(rate(m.caller, 1n, 6), 'InvalidScore')
    await expectRevert(rate(m.outsider, 3n, 2), 'NotRatable')
    await expectRevert(rate(m.caller, 99n, 2), 'NotInferenceCaller')

    // A pre-upgrade request (id 3) is fulfilled and settled by the new code against pre-upgrade
    // contributions: the fee splits exactly as before the upgrade.
    const pending = { model: m.model, id: 3n, caller: m.outsider, fee: m.model.price }
    await fulfil(pending)
    const { settled, rewards } = await settle(pending, m.validator, [[m.trained[3], 1_000_000]])
    expect(
      settled.protocolAmount +
        settled.modelOwnerAmount +
        settled.stakersAmount +
        settled.contributorsAmount +
        settled.dust,
    ).toBe(m.model.price)
    expect(rewards.map((r) => r.contributionId)).toEqual([m.trained[3].id])
    expect(
      await read(chain, { address: stack.router, abi: inferenceRouterAbi, functionName: 'inferenceCount' }),
    ).toBe(3n)
    // The timelock keeps the upgrade power after an upgrade (the v2 is UUPS too).
    const again = await chain.deploy('InferenceRouterV2')
    await asTimelock(stack, upgradeCall(stack.router, inferenceRouterAbi, again))
    expect(await implementationOf(stack.router)).toBe(getAddress(again))
    expect(
      await read(chain, {
        address: stack.governance.timelock,
        abi: openLedgerTimelockAbi,
        functionName: 'getMinDelay',
      }),
    ).toBeGreaterThan(0n)
  })
})
