import fc from 'fast-check'
import {
  type AbiEvent,
  type AbiParameter,
  type Address,
  encodeAbiParameters,
  type Hex,
  toEventSelector,
  toHex,
} from 'viem'
import * as abis from '../../../src/abi/viem'
import { CONTRACT_NAMES, type ContractName, type Manifest } from '../../../src/manifest/manifest'
import { handlersByName } from '../../../src/processor/handlersByName'
import { hostileEmitterAbi } from '../../abi/viem'
import type { TestChain } from '../../setup/chain'

/** The ABI of each manifest contract. */
const ABIS: Record<ContractName, readonly unknown[]> = {
  OpenToken: abis.openTokenAbi,
  WOPEN: abis.wOPENAbi,
  GOPEN: abis.gOPENAbi,
  OpenLedgerTimelock: abis.openLedgerTimelockAbi,
  OpenLedgerGovernor: abis.openLedgerGovernorAbi,
  Staking: abis.stakingAbi,
  StakingBank: abis.bankAbi,
  PolicyRegistry: abis.policyRegistryAbi,
  DatanetRegistry: abis.datanetRegistryAbi,
  ModelRegistry: abis.modelRegistryAbi,
  AttributionValidators: abis.attributionValidatorsAbi,
  InferenceRouter: abis.inferenceRouterAbi,
  ModelFund: abis.modelFundAbi,
  AgentRegistry: abis.agentRegistryAbi,
  ComputeMarket: abis.computeMarketAbi,
  ModelShares: abis.modelSharesAbi,
  ShareAmmFactory: abis.shareAmmFactoryAbi,
}

/** A log as HostileEmitter.emitLogs takes it, and the manifest contract it impersonates. */
export type RawLog = { contract: ContractName; topics: Hex[]; data: Hex }

/** An event the indexer decodes (or knowingly ignores), with its ABI. */
export type CatalogueEvent = { contract: ContractName; event: AbiEvent }

/**
 * Every event signature the indexer has a handler for (and the ones it ignores on purpose), per
 * manifest contract, with its ABI entry.
 *
 * @example
 * eventCatalogue().length // 50-odd
 */
export function eventCatalogue(): CatalogueEvent[] {
  const out: CatalogueEvent[] = []
  for (const contract of CONTRACT_NAMES) {
    const h = handlersByName[contract]
    const topics = new Set([...h.handlers.map((x) => x.event.topic), ...h.ignored.map((x) => x.topic)])
    for (const item of ABIS[contract] as AbiEvent[]) {
      if (item.type !== 'event') continue
      if (topics.has(toEventSelector(item))) out.push({ contract, event: item })
    }
  }
  return out
}

/** Deploys one HostileEmitter per manifest contract; the manifest points every contract at its emitter. */
export async function deployHostileEmitters(
  chain: TestChain,
): Promise<{ manifest: Manifest; address: Record<ContractName, Address> }> {
  const startBlock = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 })) + 1
  const address = {} as Record<ContractName, Address>
  for (const name of CONTRACT_NAMES) address[name] = await chain.deploy('HostileEmitter')
  const contracts: Manifest['contracts'] = {}
  for (const name of CONTRACT_NAMES) contracts[name] = { address: address[name], startBlock }
  return { manifest: { version: 1, chainId: chain.chain.id, contracts }, address }
}

/**
 * Sends each transaction's logs through its contract's emitter, from the dev wallets in turn;
 * returns the last block.
 */
export async function emitTransactions(
  chain: TestChain,
  address: Record<ContractName, Address>,
  txs: RawLog[][],
): Promise<number> {
  let last = 0
  for (const [i, logs] of txs.entries()) {
    if (logs.length === 0) continue
    const hash = await chain.wallets[1 + (i % 5)].writeContract({
      address: address[logs[0].contract],
      abi: hostileEmitterAbi,
      functionName: 'emitLogs',
      args: [logs.map((l) => ({ topics: l.topics, data: l.data }))],
      gas: 55_000_000n,
    })
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`emitLogs reverted in ${hash}`)
    last = Number(receipt.blockNumber)
  }
  return last
}

/** Addresses the arguments draw from: the zero address, two dev accounts, and more (`extra`). */
const ACCOUNTS: Address[] = [
  '0x0000000000000000000000000000000000000000',
  '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
]

/** Text as raw bytes: plain, with NUL, not UTF-8, surrogates in CESU-8, backslashes and dollar tags. */
const textBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }).map((s) => new TextEncoder().encode(s)) },
  {
    weight: 2,
    arbitrary: fc.string({ maxLength: 6 }).map((s) => new TextEncoder().encode(`evil\u0000${s}`)),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 16 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xed, 0xb0, 0x80, 0x41)),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('\\x00', '$v$', '$v0$$v$x', '$v0$v$', 'x$v', 'a\\', '\ufffd', '📧')
      .map((s) => new TextEncoder().encode(s)),
  },
)

function uintArb(bits: number): fc.Arbitrary<bigint> {
  const max = (1n << BigInt(bits)) - 1n
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 3n }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(max, max - 1n, 1n << BigInt(bits - 1), 2n ** 31n - 1n, 2n ** 31n),
      },
      { weight: 1, arbitrary: fc.bigInt({ min: 0n, max }) },
    )
    .map((v) => (v > max ? max : v))
}

/** Values for one ABI parameter, `string` as raw bytes (ABI-encoded exactly like `bytes`). */
function valueArb(p: AbiParameter, addresses: Address[]): fc.Arbitrary<unknown> {
  const array = /^(.*)\[\]$/.exec(p.type)
  if (array) return fc.array(valueArb({ ...p, type: array[1] }, addresses), { maxLength: 4 })
  if (p.type === 'address') return fc.constantFrom(...addresses)
  if (p.type === 'bool') return fc.boolean()
  if (p.type === 'string') return textBytes.map((b) => toHex(b))
  if (p.type === 'bytes') return fc.uint8Array({ maxLength: 40 }).map((b) => toHex(b))
  const fixed = /^bytes(\d+)$/.exec(p.type)
  if (fixed)
    return fc.uint8Array({ minLength: Number(fixed[1]), maxLength: Number(fixed[1]) }).map((b) => toHex(b))
  const uint = /^uint(\d+)$/.exec(p.type)
  if (uint) {
    return uintArb(Number(uint[1]))
  }
  throw new Error(`no arbitrary for ABI type ${p.type}`)
}

/** `string` as `bytes` (same encoding), so text can be any bytes. */
function asBytes(p: AbiParameter): AbiParameter {
  return { ...p, type: p.type.replace(/^string/, 'bytes') }
}

/**
 * Logs of `e` with arbitrary ABI-valid arguments: indexed ones as topics, the rest ABI-encoded.
 * Addresses are drawn from a few accounts and `addresses` (e.g. the emitters, as proposal targets).
 *
 * @example
 * fc.sample(logArb(eventCatalogue()[0], []), 1)
 */
export function logArb({ contract, event }: CatalogueEvent, addresses: Address[]): fc.Arbitrary<RawLog> {
  const topic0 = toEventSelector(event)
  const args = event.inputs.map((p) => valueArb(p, [...ACCOUNTS, ...addresses]))
  return fc.tuple(...args).map((values) => {
    const topics: Hex[] = [topic0]
    const params: AbiParameter[] = []
    const data: unknown[] = []
    event.inputs.forEach((p, i) => {
      if ('indexed' in p && p.indexed) topics.push(encodeAbiParameters([p], [values[i]]))
      else {
        params.push(asBytes(p))
        data.push(values[i])
      }
    })
    return { contract, topics, data: encodeAbiParameters(params, data) }
  })
}

/**
 * Transactions of hostile logs: each picks a manifest contract and emits `min`..`max` of its events
 * (handled or ignored) with arbitrary arguments, in arbitrary order, now and then a log with an
 * unknown topic0 or none at all.
 *
 * @example
 * fc.sample(hostileTransactions([], { min: 1, max: 3 }), 1)
 */
export function hostileTransactions(
  addresses: Address[],
  size: { min: number; max: number },
): fc.Arbitrary<RawLog[]> {
  const catalogue = eventCatalogue()
  return fc.constantFrom(...CONTRACT_NAMES).chain((contract) => {
    const events = catalogue.filter((e) => e.contract === contract).map((e) => logArb(e, addresses))
    const odd: fc.Arbitrary<RawLog> = fc.constantFrom<RawLog>(
      {
        contract,
        topics: [toEventSelector('Mystery(uint256)')],
        data: encodeAbiParameters([{ type: 'uint256' }], [42n]),
      },
      { contract, topics: [], data: '0x' },
    )
    return fc.array(
      events.length
        ? fc.oneof({ weight: 20, arbitrary: fc.oneof(...events) }, { weight: 1, arbitrary: odd })
        : odd,
      {
        minLength: size.min,
        maxLength: size.max,
      },
    )
  })
}
