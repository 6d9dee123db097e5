import {
  type Abi,
  type Address,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
} from 'viem'
import {
  attributionValidatorsAbi,
  datanetRegistryAbi,
  inferenceRouterAbi,
  modelFundAbi,
  modelRegistryAbi,
  openLedgerTimelockAbi,
  policyRegistryAbi,
} from '../../../src/abi/viem'
import { contributionLeaf } from '../../../src/crypto/merkle'
import { mockWOPENAbi } from '../../abi/viem'
import type { TestChain, Wallet } from '../../setup/chain'
import {
  DEVNET_GOVERNANCE,
  deployGovernance,
  type Governance,
  type GovernanceParams,
} from '../token/governance'
import { deployProxy } from './deployProxy'
import { read, write } from './tx'

export {
  attributionValidatorsAbi,
  datanetRegistryAbi,
  inferenceRouterAbi,
  mockWOPENAbi,
  modelFundAbi,
  modelRegistryAbi,
  policyRegistryAbi,
  read,
  write,
}

/** The AI-side contracts of one devnet, and who plays which role. */
export type AiStack = {
  chain: TestChain
  /**
   * Stand-in for governance: owns PolicyRegistry and ModelFund, and is a proposer on the real
   * timelock that owns AttributionValidators (which accepts no other owner), so `asTimelock`
   * can slash without a vote.
   */
  governor: Wallet
  treasury: Address
  stakingRewardsBank: Address
  wopen: Address
  policy: Address
  datanets: Address
  models: Address
  validators: Address
  router: Address
  fund: Address
  /**
   * A real governor and timelock: AttributionValidators reads its governance latency from them and
   * is owned by the timelock; the rest of the stack is not, unless a test hands it over.
   */
  governance: Governance
}

export type Datanet = { stack: AiStack; id: bigint; owner: Wallet }
export type Contribution = { datanet: Datanet; id: bigint; contributor: Wallet; contentHash: Hex }
export type Model = { stack: AiStack; id: bigint; owner: Wallet; price: bigint }
export type Inference = { model: Model; id: bigint; caller: Wallet; fee: bigint }

export type AiStackOptions = {
  /** Wallet index of the timelock stand-in. @default 0 */
  governor?: number
  /** @default accounts[18] */
  treasury?: Address
  /** @default accounts[19] */
  stakingRewardsBank?: Address
  /** WETH9-style wrapper; a MockWOPEN is deployed when absent. */
  wopen?: Address
  /** @default 1 OPEN */
  minBond?: bigint
  /** Unbonding beyond governance latency. @default 3600 */
  auditWindowSeconds?: bigint
  /** @default DEVNET_GOVERNANCE (60 s + 300 s + 120 s of latency) */
  governance?: GovernanceParams
}

/**
 * Deploys PolicyRegistry, DatanetRegistry, ModelRegistry, AttributionValidators, InferenceRouter and
 * ModelFund, wired together, with a plain account as their governance owner (AttributionValidators:
 * the real timelock, on which that account may schedule).
 *
 * @example
 * const stack = await deployAiStack(chain)
 */
export async function deployAiStack(chain: TestChain, opts: AiStackOptions = {}): Promise<AiStack> {
  const governorIndex = opts.governor ?? 0
  const governor = chain.wallets[governorIndex]
  const owner = governor.account.address
  const treasury = opts.treasury ?? chain.accounts[18]
  const stakingRewardsBank = opts.stakingRewardsBank ?? chain.accounts[19]
  const wopen = opts.wopen ?? (await chain.deploy('MockWOPEN'))
  const policy = await deployProxy(chain, 'PolicyRegistry', [owner])
  const datanets = await deployProxy(chain, 'DatanetRegistry', [owner])
  const models = await deployProxy(chain, 'ModelRegistry', [owner, datanets])
  const governance = await deployGovernance(chain, opts.governance ?? DEVNET_GOVERNANCE, { proposer: owner })
  const validators = await chain.deploy('AttributionValidators', [
    governance.timelock,
    treasury,
    governance.governor,
    opts.minBond ?? parseEther('1'),
    opts.auditWindowSeconds ?? 3600n,
  ])
  const router = await deployProxy(chain, 'InferenceRouter', [
    models,
    datanets,
    validators,
    policy,
    treasury,
    wopen,
    stakingRewardsBank,
  ])
  const fund = await chain.deploy('ModelFund', [owner, models])
  return {
    chain,
    governor,
    treasury,
    stakingRewardsBank,
    wopen,
    policy,
    datanets,
    models,
    validators,
    router,
    fund,
    governance,
  }
}

let timelockSalt = 0n

/**
 * Makes `call` as the stack's timelock (AttributionValidators' owner): the governance stand-in
 * schedules it, time passes the timelock delay, then it executes. A revert of the call itself
 * surfaces decoded by name, as the call's ABI is merged into the execute's.
 *
 * @example
 * await asTimelock(stack, { address: stack.validators, abi: attributionValidatorsAbi, functionName: 'slash', args })
 */
export async function asTimelock(
  stack: AiStack,
  call: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] },
): Promise<{ receipt: TransactionReceipt }> {
  const { chain, governor, governance } = stack
  const data = encodeFunctionData(call as Parameters<typeof encodeFunctionData>[0])
  timelockSalt += 1n
  const op = [call.address, 0n, data, `0x${'00'.repeat(32)}`, toHex(timelockSalt, { size: 32 })] as const
  const delay = await read<bigint>(chain, {
    address: governance.timelock,
    abi: openLedgerTimelockAbi,
    functionName: 'getMinDelay',
  })
  await write(chain, governor, {
    address: governance.timelock,
    abi: openLedgerTimelockAbi,
    functionName: 'schedule',
    args: [...op, delay],
  })
  await chain.mine(1, Number(delay))
  return write(chain, governor, {
    address: governance.timelock,
    abi: [...openLedgerTimelockAbi, ...call.abi],
    functionName: 'execute',
    args: op,
  })
}

const eventArgs = (receipt: TransactionReceipt, abi: Abi, eventName: string) =>
  parseEventLogs({ abi, logs: receipt.logs, eventName }).map((l) => (l as unknown as { args: unknown }).args)

/** Mints a datanet owned (and curated) by `owner`. */
export async function createDatanet(stack: AiStack, owner: Wallet, name = 'spam-mail'): Promise<Datanet> {
  const { result } = await write<bigint>(stack.chain, owner, {
    address: stack.datanets,
    abi: datanetRegistryAbi,
    functionName: 'createDatanet',
    args: [name, `ipfs://datanet/${name}`],
  })
  return { stack, id: result, owner }
}

/** Submits `text` (its keccak is the content hash) to `datanet` from `contributor`. */
export async function contribute(datanet: Datanet, contributor: Wallet, text: string): Promise<Contribution> {
  const contentHash = keccak256(toHex(text))
  const { result } = await write<bigint>(datanet.stack.chain, contributor, {
    address: datanet.stack.datanets,
    abi: datanetRegistryAbi,
    functionName: 'contribute',
    args: [datanet.id, contentHash, BigInt(text.length), `ipfs://${contentHash}`, ['email']],
  })
  return { datanet, id: result, contributor, contentHash }
}

/** Reviews contributions of one datanet in one batch (acceptance order = array order). */
export async function review(contributions: Contribution[], accept = true, curator?: Wallet) {
  const { datanet } = contributions[0]
  return write(datanet.stack.chain, curator ?? datanet.owner, {
    address: datanet.stack.datanets,
    abi: datanetRegistryAbi,
    functionName: 'reviewBatch',
    args: [contributions.map((c) => c.id), contributions.map(() => accept)],
  })
}

/** Seals the datanet's next version; returns it with the root and count from the event. */
export async function seal(datanet: Datanet, curator?: Wallet) {
  const { result, receipt } = await write<number>(datanet.stack.chain, curator ?? datanet.owner, {
    address: datanet.stack.datanets,
    abi: datanetRegistryAbi,
    functionName: 'sealVersion',
    args: [datanet.id],
  })
  const [event] = eventArgs(receipt, datanetRegistryAbi, 'DatanetVersionSealed') as {
    merkleRoot: Hex
    contributionCount: bigint
  }[]
  return { version: result, merkleRoot: event.merkleRoot, contributionCount: event.contributionCount }
}

/** Leaf of an accepted contribution (see DatanetRegistry.leafOf). */
export const leafOf = (c: Contribution) =>
  contributionLeaf(c.id, c.contributor.account.address, c.contentHash)

export type ModelSpec = {
  /** Datanets and the sealed versions the model trained on. */
  trainedOn: { datanet: Datanet | bigint; version: number }[]
  price?: bigint
  name?: string
  method?: string
  artifactHash?: Hex
}

/** Registers a model owned by `owner`, trained on the given sealed datanet versions. */
export async function registerModel(stack: AiStack, owner: Wallet, spec: ModelSpec): Promise<Model> {
  const price = spec.price ?? parseEther('0.01')
  const { result } = await write<bigint>(stack.chain, owner, {
    address: stack.models,
    abi: modelRegistryAbi,
    functionName: 'registerModel',
    args: [
      spec.name ?? 'spam-classifier',
      'ipfs://model/spam-classifier',
      price,
      spec.artifactHash ?? keccak256(toHex('model.onnx')),
      spec.method ?? 'tracin-cp-last-layer-cosine',
      spec.trainedOn.map((t) => (typeof t.datanet === 'bigint' ? t.datanet : t.datanet.id)),
      spec.trainedOn.map((t) => t.version),
    ],
  })
  return { stack, id: result, owner, price }
}

/** Pays the model's price (or `fee`) for one inference on `input`. */
export async function requestInference(model: Model, caller: Wallet, input = 'hello', fee?: bigint) {
  const value = fee ?? model.price
  const { result } = await write<bigint>(model.stack.chain, caller, {
    address: model.stack.router,
    abi: inferenceRouterAbi,
    functionName: 'request',
    args: [model.id, keccak256(toHex(input))],
    value,
  })
  return { model, id: result, caller, fee: value } satisfies Inference
}

/** The model owner (or `by`) posts the output hash. */
export async function fulfil(inference: Inference, output = 'spam', by?: Wallet) {
  return write(inference.model.stack.chain, by ?? inference.model.owner, {
    address: inference.model.stack.router,
    abi: inferenceRouterAbi,
    functionName: 'fulfil',
    args: [inference.id, keccak256(toHex(output))],
  })
}

/** A weight of one contribution (or a raw id) in ppm. */
export type Weight = readonly [Contribution | bigint, number]

/** A validator settles the inference with attribution weights; returns the decoded events. */
export async function settle(inference: Inference, validator: Wallet, weights: readonly Weight[]) {
  const stack = inference.model.stack
  const { receipt } = await write(stack.chain, validator, {
    address: stack.router,
    abi: inferenceRouterAbi,
    functionName: 'settle',
    args: [inference.id, weights.map(([c]) => (typeof c === 'bigint' ? c : c.id)), weights.map(([, w]) => w)],
  })
  return {
    receipt,
    settled: eventArgs(receipt, inferenceRouterAbi, 'InferenceSettled')[0] as {
      protocolAmount: bigint
      modelOwnerAmount: bigint
      stakersAmount: bigint
      contributorsAmount: bigint
      dust: bigint
    },
    rewards: eventArgs(receipt, inferenceRouterAbi, 'ContributionRewarded') as {
      contributionId: bigint
      contributor: Address
      amount: bigint
      weightPpm: number
    }[],
    deferred: eventArgs(receipt, inferenceRouterAbi, 'PaymentDeferred') as {
      recipient: Address
      amount: bigint
    }[],
  }
}

/** Bonds `amount` of native OPEN as an attribution validator. */
export async function bondValidator(stack: AiStack, validator: Wallet, amount = parseEther('1')) {
  return write(stack.chain, validator, {
    address: stack.validators,
    abi: attributionValidatorsAbi,
    functionName: 'bond',
    value: amount,
  })
}

/** Fee split a settlement must produce (mirrors InferenceRouter: floors, dust to the treasury). */
export function expectedSplit(
  fee: bigint,
  bps: readonly [number, number, number, number],
  weightsPpm: readonly number[],
) {
  const [protocol, modelOwner, stakers, pool] = bps.map((b) => (fee * BigInt(b)) / 10_000n)
  const rewards = weightsPpm.map((w) => (pool * BigInt(w)) / 1_000_000n)
  const contributors = rewards.reduce((a, b) => a + b, 0n)
  return {
    protocol,
    modelOwner,
    stakers,
    pool,
    rewards,
    contributors,
    dust: fee - protocol - modelOwner - stakers - contributors,
  }
}

/** Native balance of an address. */
export const balanceOf = (stack: AiStack, address: Address) =>
  stack.chain.publicClient.getBalance({ address })

/** WOPEN balance of an address. */
export const wopenBalanceOf = (stack: AiStack, address: Address) =>
  read<bigint>(stack.chain, {
    address: stack.wopen,
    abi: mockWOPENAbi,
    functionName: 'balanceOf',
    args: [address],
  })
