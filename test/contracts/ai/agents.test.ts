import fc from 'fast-check'
import {
  type Address,
  type BaseError,
  decodeErrorResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  keccak256,
  parseEther,
  parseEventLogs,
  toHex,
} from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rejectingPayerAbi } from '../../abi/viem'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import { buildMarket, type Market } from './fixture'
import {
  balanceOf,
  expectedSplit,
  fulfil,
  inferenceRouterAbi,
  modelRegistryAbi,
  read,
  settle,
  write,
} from './simulate'
import {
  type Agent,
  act,
  agentCall,
  agentRead,
  agentRegistryAbi,
  deployAgent,
  deployAgentRegistry,
} from './simulateAgents'

let chain: TestChain
let m: Market
let registry: Address
let agent: Agent
let snapshot: `0x${string}`
const ONE_DAY = 86_400

beforeAll(async () => {
  chain = await setupChain()
  m = await buildMarket(chain)
  registry = await deployAgentRegistry(m.stack)
  // Wallet 10 owns the agent, wallet 11 operates it; the model costs 1 OPEN, the agent charges 1.5.
  agent = await deployAgent(registry, m.model, chain.wallets[10], {
    price: parseEther('1.5'),
    operator: chain.accounts[11],
  })
  snapshot = await chain.testClient.snapshot()
})
beforeEach(async () => {
  await chain.testClient.revert({ id: snapshot })
  snapshot = await chain.testClient.snapshot()
})
afterAll(async () => {
  await chain?.stop()
})

const operator = () => chain.wallets[11]
const gasOf = (r: { gasUsed: bigint; effectiveGasPrice: bigint }) => r.gasUsed * r.effectiveGasPrice
/** The registry holds exactly what it owes: nothing else may stay in it. */
async function expectRegistryBalanced() {
  expect(await balanceOf(m.stack, registry)).toBe(await agentRead<bigint>(agent, 'totalOwed'))
}
const setModelPrice = (price: bigint) =>
  write(chain, m.modelOwner, {
    address: m.stack.models,
    abi: modelRegistryAbi,
    functionName: 'setPrice',
    args: [m.model.id, price],
  })
const publishV2 = () =>
  write(chain, m.modelOwner, {
    address: m.stack.models,
    abi: modelRegistryAbi,
    functionName: 'publishVersion',
    args: [m.model.id, keccak256(toHex('v2.onnx')), 'tracin-cp-last-layer-cosine', [m.ham.id], [1]],
  })
const inferenceOf = (id: bigint) =>
  read<{ caller: Address; fee: bigint; status: number; modelVersion: number }>(chain, {
    address: m.stack.router,
    abi: inferenceRouterAbi,
    functionName: 'inferenceOf',
    args: [id],
  })

describe('AgentRegistry: deploy and act', () => {
  it('mints the agent with its binding, operator, price and metadata', async () => {
    expect(await agentRead(agent, 'ownerOf', [agent.id])).toBe(chain.accounts[10])
    expect(await agentRead(agent, 'agentOf', [agent.id])).toEqual({
      modelId: m.model.id,
      pricePerAction: parseEther('1.5'),
      operator: chain.accounts[11],
      modelVersion: 1,
      paused: false,
      actionCount: 0n,
      metadataURI: 'ipfs://agent/triage',
    })
  })

  it('pays the inference through the router and the margin to the owner, to the wei', async () => {
    const parties = [m.caller.account.address, chain.accounts[10], m.stack.router, registry]
    const before = await Promise.all(parties.map((a) => balanceOf(m.stack, a)))
    const action = await act(agent, m.caller, 'classify this mail')
    const after = await Promise.all(parties.map((a) => balanceOf(m.stack, a)))
    const fee = parseEther('1')
    expect(action).toMatchObject({ actionId: 1n, inferenceId: 1n, caller: m.caller.account.address })
    expect([action.paid, action.modelFee]).toEqual([parseEther('1.5'), fee])
    expect(after.map((b, i) => b - before[i])).toEqual([
      -parseEther('1.5') - gasOf(action.receipt),
      parseEther('0.5'),
      fee,
      0n,
    ])
    // The registry is the inference's caller: the router's attribution and settlement are untouched.
    const inference = await inferenceOf(action.inferenceId)
    expect(inference).toMatchObject({ caller: getAddress(registry), fee, modelVersion: 1 })
    const [requested] = parseEventLogs({
      abi: inferenceRouterAbi,
      logs: action.receipt.logs,
      eventName: 'InferenceRequested',
    })
    expect(requested.args).toMatchObject({ inferenceId: 1n, caller: getAddress(registry), fee })
    expect(await agentRead(agent, 'actionOf', [1n])).toEqual({
      agentId: agent.id,
      inferenceId: 1n,
      payer: m.caller.account.address,
      modelFee: fee,
      reclaimed: false,
    })
    await expectRegistryBalanced()
  })

  it('settles an agent-caused inference exactly like a direct one', async () => {
    const action = await act(agent, m.caller)
    await fulfil({ model: m.model, id: action.inferenceId, caller: m.caller, fee: action.modelFee })
    const weights = [
      [m.trained[0], 600_000],
      [m.trained[7], 400_000],
    ] as const
    const { settled, rewards } = await settle(
      { model: m.model, id: action.inferenceId, caller: m.caller, fee: action.modelFee },
      m.validator,
      weights,
    )
    const want = expectedSplit(action.modelFee, [1000, 2000, 2000, 5000], [600_000, 400_000])
    expect(settled).toMatchObject({
      protocolAmount: want.protocol,
      modelOwnerAmount: want.modelOwner,
      stakersAmount: want.stakers,
      contributorsAmount: want.contributors,
      dust: want.dust,
    })
    expect(rewards.map((r) => r.amount)).toEqual(want.rewards)
    expect(await balanceOf(m.stack, m.stack.router)).toBe(0n)
    await expectRegistryBalanced()
  })

  it('credits the margin to whoever owns the agent when it acts', async () => {
    await agentCall(agent, agent.owner, 'transferFrom', [chain.accounts[10], chain.accounts[12], agent.id])
    const before = await balanceOf(m.stack, chain.accounts[12])
    await act(agent, m.caller)
    expect((await balanceOf(m.stack, chain.accounts[12])) - before).toBe(parseEther('0.5'))
  })

  it('acts at a price equal to the model fee (zero margin) and on a free model', async () => {
    await agentCall(agent, operator(), 'setPrice', [agent.id, parseEther('1')])
    const exact = await act({ ...agent, price: parseEther('1') }, m.caller)
    expect(exact.paid - exact.modelFee).toBe(0n)
    await setModelPrice(0n)
    const free = await act({ ...agent, price: parseEther('1') }, m.caller)
    expect([free.modelFee, (await inferenceOf(free.inferenceId)).fee]).toEqual([0n, 0n])
    await expectRegistryBalanced()
  })
})

describe('AgentRegistry: conservation', () => {
  it('splits any price exactly into the model fee (router escrow) and the margin (owner)', async () => {
    const wei = fc.oneof(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10n ** 24n }))
    await fc.assert(
      fc.asyncProperty(wei, wei, async (fee, margin) => {
        await chain.testClient.revert({ id: snapshot })
        snapshot = await chain.testClient.snapshot()
        await setModelPrice(fee)
        await agentCall(agent, operator(), 'setPrice', [agent.id, fee + margin])
        const parties = [m.caller.account.address, chain.accounts[10], m.stack.router, registry]
        const before = await Promise.all(parties.map((a) => balanceOf(m.stack, a)))
        const action = await act({ ...agent, price: fee + margin }, m.caller)
        const after = await Promise.all(parties.map((a) => balanceOf(m.stack, a)))
        expect([action.paid, action.modelFee]).toEqual([fee + margin, fee])
        expect(after.map((b, i) => b - before[i])).toEqual([
          -(fee + margin) - gasOf(action.receipt),
          margin,
          fee,
          0n,
        ])
      }),
      { numRuns: 12, seed: 18 },
    )
  })
})

describe('AgentRegistry: operator and owner', () => {
  it('lets the operator reprice, pause and rebind after a new model version', async () => {
    await publishV2()
    await expectRevert(act(agent, m.caller), 'ModelVersionChanged')
    await agentCall(agent, operator(), 'rebind', [agent.id])
    const action = await act(agent, m.caller)
    expect((await inferenceOf(action.inferenceId)).modelVersion).toBe(2)
    await agentCall(agent, operator(), 'setPaused', [agent.id, true])
    await expectRevert(act(agent, m.caller), 'AgentIsPaused')
    await agentCall(agent, agent.owner, 'setPaused', [agent.id, false])
    await agentCall(agent, operator(), 'setPrice', [agent.id, parseEther('3')])
    expect((await act({ ...agent, price: parseEther('3') }, m.caller)).paid).toBe(parseEther('3'))
  })

  it('lets the owner change the operator, after which the old key is refused', async () => {
    await agentCall(agent, agent.owner, 'setOperator', [agent.id, chain.accounts[12]])
    await expectRevert(agentCall(agent, operator(), 'setPrice', [agent.id, 1n]), 'NotAgentOperator')
    await agentCall(agent, chain.wallets[12], 'setPrice', [agent.id, parseEther('2')])
    expect((await agentRead<{ pricePerAction: bigint }>(agent, 'agentOf', [agent.id])).pricePerAction).toBe(
      parseEther('2'),
    )
  })

  const rejections: [string, () => Promise<unknown>, string][] = [
    [
      'deploy on an unknown model',
      () => agentCall(agent, m.caller, 'deployAgent', [99n, 1, chain.accounts[11], 1n, '']),
      'UnknownModel',
    ],
    [
      'deploy on version 0',
      () => agentCall(agent, m.caller, 'deployAgent', [m.model.id, 0, chain.accounts[11], 1n, '']),
      'UnknownModelVersion',
    ],
    [
      'deploy on a version not yet published',
      () => agentCall(agent, m.caller, 'deployAgent', [m.model.id, 2, chain.accounts[11], 1n, '']),
      'UnknownModelVersion',
    ],
    [
      'deploy with the zero operator',
      () => agentCall(agent, m.caller, 'deployAgent', [m.model.id, 1, `0x${'00'.repeat(20)}`, 1n, '']),
      'ZeroAddress',
    ],
    [
      'act on an unknown agent',
      () => agentCall(agent, m.caller, 'act', [99n, keccak256('0x')], 1n),
      'AgentNotFound',
    ],
    [
      'act paying less than the price',
      () => act(agent, m.caller, 'x', parseEther('1.5') - 1n),
      'WrongPayment',
    ],
    [
      'act paying more than the price',
      () => act(agent, m.caller, 'x', parseEther('1.5') + 1n),
      'WrongPayment',
    ],
    [
      'act when the model fee rose above the price',
      async () => {
        await setModelPrice(parseEther('2'))
        return act(agent, m.caller)
      },
      'PriceBelowModelFee',
    ],
    [
      'setPrice by an outsider',
      () => agentCall(agent, m.outsider, 'setPrice', [agent.id, 1n]),
      'NotAgentOperator',
    ],
    [
      'setPaused by an outsider',
      () => agentCall(agent, m.outsider, 'setPaused', [agent.id, true]),
      'NotAgentOperator',
    ],
    ['rebind by an outsider', () => agentCall(agent, m.outsider, 'rebind', [agent.id]), 'NotAgentOperator'],
    [
      'setOperator by the operator',
      () => agentCall(agent, operator(), 'setOperator', [agent.id, chain.accounts[12]]),
      'NotAgentOwner',
    ],
    [
      'setOperator to zero',
      () => agentCall(agent, agent.owner, 'setOperator', [agent.id, `0x${'00'.repeat(20)}`]),
      'ZeroAddress',
    ],
    [
      'setMetadataURI by the operator',
      () => agentCall(agent, operator(), 'setMetadataURI', [agent.id, 'x']),
      'NotAgentOwner',
    ],
    [
      'setPrice on an unknown agent',
      () => agentCall(agent, operator(), 'setPrice', [99n, 1n]),
      'AgentNotFound',
    ],
    ['reclaim an unknown action', () => agentCall(agent, m.caller, 'reclaim', [99n]), 'ActionNotFound'],
    [
      'reclaim by someone other than the payer',
      async () => {
        const a = await act(agent, m.caller)
        await chain.mine(1, ONE_DAY + 1)
        return agentCall(agent, m.outsider, 'reclaim', [a.actionId])
      },
      'NotActionPayer',
    ],
    [
      'reclaim before the router timeout',
      async () => agentCall(agent, m.caller, 'reclaim', [(await act(agent, m.caller)).actionId]),
      'CancelTooEarly',
    ],
    [
      'reclaim a fulfilled action',
      async () => {
        const a = await act(agent, m.caller)
        await fulfil({ model: m.model, id: a.inferenceId, caller: m.caller, fee: a.modelFee })
        await chain.mine(1, ONE_DAY + 1)
        return agentCall(agent, m.caller, 'reclaim', [a.actionId])
      },
      'AlreadyFulfilled',
    ],
    [
      'reclaim twice',
      async () => {
        const a = await act(agent, m.caller)
        await chain.mine(1, ONE_DAY + 1)
        await agentCall(agent, m.caller, 'reclaim', [a.actionId])
        return agentCall(agent, m.caller, 'reclaim', [a.actionId])
      },
      'AlreadyReclaimed',
    ],
    ['withdrawOwed with nothing owed', () => agentCall(agent, m.caller, 'withdrawOwed'), 'NothingOwed'],
  ]
  it.each(rejections)('rejects %s', async (_name, run, error) => {
    await expectRevert(run(), error)
  })

  it('refuses native OPEN from anyone but the router', async () => {
    const error = await chain.publicClient.call({ account: m.caller.account, to: registry, value: 1n }).then(
      () => undefined,
      (e: BaseError) => e,
    )
    // The node's answer carries the revert data: decode it with the registry's ABI.
    const rpc = error?.walk((e) => typeof (e as { data?: unknown }).data === 'string') as
      | { data?: Hex }
      | undefined
    expect(rpc?.data).toBeDefined()
    expect(decodeErrorResult({ abi: agentRegistryAbi, data: rpc?.data as Hex }).errorName).toBe(
      'UnexpectedPayment',
    )
  })
})

describe('AgentRegistry: refunds and hostile recipients', () => {
  it('reclaims a timed-out action: the payer gets the model fee back, the margin stays earned', async () => {
    const action = await act(agent, m.caller)
    await chain.mine(1, ONE_DAY + 1)
    const before = await balanceOf(m.stack, m.caller.account.address)
    const { receipt } = await agentCall(agent, m.caller, 'reclaim', [action.actionId])
    const after = await balanceOf(m.stack, m.caller.account.address)
    expect(after - before).toBe(action.modelFee - gasOf(receipt))
    const [reclaimed] = parseEventLogs({
      abi: agentRegistryAbi,
      logs: receipt.logs,
      eventName: 'ActionReclaimed',
    })
    expect(reclaimed.args).toEqual({
      actionId: action.actionId,
      inferenceId: action.inferenceId,
      payer: m.caller.account.address,
      refund: action.modelFee,
    })
    expect((await inferenceOf(action.inferenceId)).status).toBe(4) // Cancelled
    expect(await balanceOf(m.stack, m.stack.router)).toBe(0n)
    await expectRegistryBalanced()
  })

  it('defers the margin of an owner that rejects native OPEN; actions go on; owed is withdrawable', async () => {
    const rejecter = await chain.deploy('RejectingPayer')
    const deployData = encodeFunctionData({
      abi: agentRegistryAbi,
      functionName: 'deployAgent',
      args: [m.model.id, 1, rejecter, parseEther('1.25'), 'ipfs://hostile'],
    })
    await write(chain, m.outsider, {
      address: rejecter,
      abi: rejectingPayerAbi,
      functionName: 'execute',
      args: [registry, deployData, 0n],
    })
    const hostile: Agent = { ...agent, id: 2n, price: parseEther('1.25') }
    const first = await act(hostile, m.caller)
    const deferred = parseEventLogs({
      abi: agentRegistryAbi,
      logs: first.receipt.logs,
      eventName: 'PaymentDeferred',
    })
    expect(deferred.map((d) => d.args)).toEqual([
      { recipient: getAddress(rejecter), amount: parseEther('0.25') },
    ])
    await act(hostile, m.caller)
    expect(await agentRead(agent, 'owed', [rejecter])).toBe(parseEther('0.5'))
    await expectRegistryBalanced()
    expect(await balanceOf(m.stack, registry)).toBe(parseEther('0.5'))

    const to = chain.accounts[13]
    const before = await balanceOf(m.stack, to)
    const withdraw = encodeFunctionData({ abi: agentRegistryAbi, functionName: 'withdrawOwedTo', args: [to] })
    await write(chain, m.outsider, {
      address: rejecter,
      abi: rejectingPayerAbi,
      functionName: 'execute',
      args: [registry, withdraw, 0n],
    })
    expect((await balanceOf(m.stack, to)) - before).toBe(parseEther('0.5'))
    expect(await balanceOf(m.stack, registry)).toBe(0n)
    await expectRegistryBalanced()
  })

  it('defers the refund of a payer that rejects native OPEN, to the wei', async () => {
    const payer = await chain.deploy('RejectingPayer')
    await chain.testClient.setBalance({ address: payer, value: parseEther('10') })
    const actData = encodeFunctionData({
      abi: agentRegistryAbi,
      functionName: 'act',
      args: [agent.id, keccak256('0x01')],
    })
    await write(chain, m.outsider, {
      address: payer,
      abi: rejectingPayerAbi,
      functionName: 'execute',
      args: [registry, actData, parseEther('1.5')],
    })
    await chain.mine(1, ONE_DAY + 1)
    const reclaim = encodeFunctionData({ abi: agentRegistryAbi, functionName: 'reclaim', args: [1n] })
    const { receipt } = await write(chain, m.outsider, {
      address: payer,
      abi: rejectingPayerAbi,
      functionName: 'execute',
      args: [registry, reclaim, 0n],
    })
    const deferred = parseEventLogs({
      abi: agentRegistryAbi,
      logs: receipt.logs,
      eventName: 'PaymentDeferred',
    })
    expect(deferred.map((d) => d.args)).toEqual([{ recipient: getAddress(payer), amount: parseEther('1') }])
    expect(await balanceOf(m.stack, payer)).toBe(parseEther('8.5'))
    expect(await agentRead(agent, 'owed', [payer])).toBe(parseEther('1'))
    await expectRegistryBalanced()
  })

  it('stores hostile metadata byte for byte and emits it unchanged', async () => {
    for (const uri of [
      '',
      'nul\u0000inside',
      '\u202Eevil\u202C <script>alert(1)</script>',
      'x'.repeat(4096),
      '🤖'.repeat(100),
    ]) {
      const { receipt } = await agentCall(agent, m.outsider, 'deployAgent', [
        m.model.id,
        1,
        chain.accounts[11],
        0n,
        uri,
      ])
      const [deployed] = parseEventLogs({
        abi: agentRegistryAbi,
        logs: receipt.logs,
        eventName: 'AgentDeployed',
      })
      expect(deployed.args.metadataURI).toBe(uri)
      expect(await agentRead(agent, 'tokenURI', [deployed.args.agentId])).toBe(uri)
    }
  })
})
