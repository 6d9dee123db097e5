import { type Address, type Hex, keccak256, type PublicClient, parseEther, parseEventLogs, toHex } from 'viem'
import {
  agentRegistryAbi,
  attributionValidatorsAbi,
  datanetRegistryAbi,
  inferenceRouterAbi,
  modelRegistryAbi,
  modelSharesAbi,
  shareAmmFactoryAbi,
  shareAmmPairAbi,
  wOPENAbi,
} from '../../../src/abi/viem'
import { createClients } from '../../../src/chain/createClients'
import { deployStack } from '../../../src/chain/deployStack'
import { call } from '../../../src/demo/demoContext'
import { type BatchTx, sendBatch, type TxReceipt } from '../../../src/demo/txBatch'
import type { ContractName, Manifest } from '../../../src/manifest/manifest'

/** Who does what in the demo-mix workload (anvil dev accounts by index). */
export const MIX_ROLES = {
  curator: 1,
  contributors: [2, 3, 4, 5],
  lp: 6,
  validator: 7,
  baseOwner: 8,
  fineTuneOwner: 9,
  agentOwners: [10, 11],
  callers: [12, 13, 14, 15],
  traders: [3, 4, 5],
  transferrers: [16, 17, 18, 19],
} as const

/** The stack and the market the demo-mix blocks act on, as set up by {@link setupDemoMix}. */
export type DemoMix = {
  manifest: Manifest
  accounts: Address[]
  address: (name: ContractName) => Address
  /** Accepted contributions of the base model's datanet and of the fine-tune's. */
  baseContributions: bigint[]
  tuneContributions: bigint[]
  /** The tokenized base model and its fine-tune (depth 1: settled over 2 levels). */
  base: { id: bigint; price: bigint }
  fineTune: { id: bigint; price: bigint }
  /** Agent on the base model, agent on the fine-tune. */
  agents: { id: bigint; price: bigint; onFineTune: boolean }[]
  shareToken: Address
  pair: Address
  /** Whether the share token is the pair's token0. */
  shareIs0: boolean
  pool: { reserve0: bigint; reserve1: bigint; lpSupply: bigint }
  /** The router's inference count after the setup (the next request gets count + 1). */
  inferenceCount: bigint
}

const args = (r: TxReceipt[], abi: Parameters<typeof parseEventLogs>[0]['abi'], eventName: string) =>
  parseEventLogs({ abi, logs: r.flatMap((x) => x.logs) as never, eventName } as never).map(
    (l) => (l as unknown as { args: Record<string, unknown> }).args,
  )

/**
 * Deploys the whole stack (every contract in the manifest) and sets up what the demo-mix blocks
 * need: a bonded validator, two sealed datanets, a base model and a fine-tune of it, the base
 * tokenized into shares pooled against WOPEN, agents on both models, and balances for the traders,
 * the liquidity provider and the WOPEN senders. Each step is one mined batch (`sendBatch` checks
 * every receipt).
 *
 * @example
 * const mix = await setupDemoMix({ root, rpcUrl, chainId })
 */
export async function setupDemoMix(opts: {
  root: string
  rpcUrl: string
  chainId: number
  log?: (line: string) => void
}): Promise<DemoMix> {
  const clients = createClients({ rpcUrl: opts.rpcUrl, chainId: opts.chainId })
  const publicClient = clients.publicClient as PublicClient
  const accounts = Array.from({ length: 20 }, (_, i) => clients.devWallet(i).account.address)
  const manifest = await deployStack({
    root: opts.root,
    wallet: clients.devWallet(0),
    publicClient,
    log: opts.log,
  })
  const address = (name: ContractName) => manifest.contracts[name]!.address as Address
  const [datanets, models, wopen] = [address('DatanetRegistry'), address('ModelRegistry'), address('WOPEN')]
  const batch = (txs: BatchTx[]) => sendBatch(opts.rpcUrl, txs)
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>
  const a = (i: number) => accounts[i]
  const R = MIX_ROLES

  const created = await batch([
    call(
      a(R.validator),
      address('AttributionValidators'),
      attributionValidatorsAbi,
      'bond',
      [],
      parseEther('1000'),
    ),
    call(a(R.curator), datanets, datanetRegistryAbi, 'createDatanet', ['ham', 'ipfs://datanet/ham']),
    call(a(R.curator), datanets, datanetRegistryAbi, 'createDatanet', [
      'phishing',
      'ipfs://datanet/phishing',
    ]),
  ])
  const [d1, d2] = args(created, datanetRegistryAbi, 'DatanetCreated').map((e) => e.datanetId as bigint)
  const contribution = (d: bigint, i: number) => {
    const hash = keccak256(toHex(`datanet ${d} item ${i}`))
    return call(a(R.contributors[i % 4]), datanets, datanetRegistryAbi, 'contribute', [
      d,
      hash,
      100n + BigInt(i),
      `ipfs://${hash}`,
      ['email'],
    ])
  }
  const submitted = await batch([
    ...Array.from({ length: 6 }, (_, i) => contribution(d1, i)),
    ...Array.from({ length: 4 }, (_, i) => contribution(d2, i)),
  ])
  const ids = args(submitted, datanetRegistryAbi, 'ContributionSubmitted').map((e) => ({
    d: e.datanetId as bigint,
    id: e.contributionId as bigint,
  }))
  const of = (d: bigint) => ids.filter((c) => c.d === d).map((c) => c.id)
  const [baseContributions, tuneContributions] = [of(d1), of(d2)]
  await batch(
    [baseContributions, tuneContributions].map((cs) =>
      call(a(R.curator), datanets, datanetRegistryAbi, 'reviewBatch', [cs, cs.map(() => true)]),
    ),
  )
  await batch([d1, d2].map((d) => call(a(R.curator), datanets, datanetRegistryAbi, 'sealVersion', [d])))

  opts.log?.('models, fine-tune, agents, shares and pool')
  const base = { id: 0n, price: parseEther('0.01') }
  const registered = await batch([
    call(a(R.baseOwner), models, modelRegistryAbi, 'registerModel', [
      'spam-classifier',
      'ipfs://model/spam',
      base.price,
      keccak256(toHex('model.onnx')),
      'tracin-cp-last-layer-cosine',
      [d1],
      [1],
    ]),
  ])
  base.id = args(registered, modelRegistryAbi, 'ModelRegistered')[0].modelId as bigint
  const fineTune = { id: 0n, price: parseEther('0.02') }
  const tuned = await batch([
    call(a(R.fineTuneOwner), models, modelRegistryAbi, 'registerFineTunedModel', [
      'phishing-tune',
      'ipfs://model/phishing',
      fineTune.price,
      {
        baseModelId: base.id,
        baseVersion: 1,
        artifactHash: keccak256(toHex('fine-tuned.onnx')),
        attributionMethod: 'tracin-cp-last-layer-cosine',
        datanetIds: [d2],
        datanetVersions: [1],
      },
    ]),
  ])
  fineTune.id = args(tuned, modelRegistryAbi, 'ModelRegistered')[0].modelId as bigint
  const agentSpecs = [
    { model: base, price: parseEther('0.015'), onFineTune: false },
    { model: fineTune, price: parseEther('0.03'), onFineTune: true },
  ]
  const deployed = await batch([
    ...agentSpecs.map((s, i) =>
      call(a(R.agentOwners[i]), address('AgentRegistry'), agentRegistryAbi, 'deployAgent', [
        s.model.id,
        1,
        a(R.agentOwners[i]),
        s.price,
        `ipfs://agent/${i}`,
      ]),
    ),
    call(a(R.baseOwner), models, modelRegistryAbi, 'approve', [address('ModelShares'), base.id]),
  ])
  const agentIds = args(deployed, agentRegistryAbi, 'AgentDeployed').map((e) => e.agentId as bigint)
  const agents = agentSpecs.map((s, i) => ({ id: agentIds[i], price: s.price, onFineTune: s.onFineTune }))
  const tokenized = await batch([
    call(a(R.baseOwner), address('ModelShares'), modelSharesAbi, 'tokenize', [
      base.id,
      'Spam model shares',
      'SPAM',
      parseEther('1000000'),
    ]),
  ])
  const shareToken = args(tokenized, modelSharesAbi, 'ShareTokenCreated')[0].token as Address
  await batch([call(a(0), address('ShareAmmFactory'), shareAmmFactoryAbi, 'createPair', [shareToken, wopen])])
  const pair = await read<Address>(address('ShareAmmFactory'), shareAmmFactoryAbi, 'getPair', [
    shareToken,
    wopen,
  ])
  const shareIs0 = shareToken.toLowerCase() < wopen.toLowerCase()

  const erc20 = (token: Address, from: number, to: Address, amount: bigint) =>
    call(a(from), token, wOPENAbi, 'transfer', [to, amount])
  const deposit = (i: number, amount: bigint) => call(a(i), wopen, wOPENAbi, 'deposit', [], amount)
  await batch([
    deposit(R.baseOwner, parseEther('100')),
    deposit(R.lp, parseEther('1000')),
    ...R.traders.map((i) => deposit(i, parseEther('1000'))),
    ...R.transferrers.map((i) => deposit(i, parseEther('1000'))),
    ...[...R.traders, R.lp].map((i) => erc20(shareToken, R.baseOwner, a(i), parseEther('150000'))),
  ])
  await batch([
    erc20(shareToken, R.baseOwner, pair, parseEther('200000')),
    erc20(wopen, R.baseOwner, pair, parseEther('50')),
  ])
  await batch([call(a(R.baseOwner), pair, shareAmmPairAbi, 'mint', [a(R.baseOwner)])])

  const [reserves, lpSupply, inferenceCount] = await Promise.all([
    read<[bigint, bigint, number]>(pair, shareAmmPairAbi, 'getReserves'),
    read<bigint>(pair, shareAmmPairAbi, 'totalSupply'),
    read<bigint>(address('InferenceRouter'), inferenceRouterAbi, 'inferenceCount'),
  ])
  return {
    manifest,
    accounts,
    address,
    baseContributions,
    tuneContributions,
    base,
    fineTune,
    agents,
    shareToken,
    pair,
    shareIs0,
    pool: { reserve0: reserves[0], reserve1: reserves[1], lpSupply },
    inferenceCount,
  }
}

/** A 32-byte hash of a label (inputs and outputs of the generated inferences). */
export const hashOf = (label: string): Hex => keccak256(toHex(label))
