import { type Abi, type Address, encodeFunctionData, type PublicClient } from 'viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import { rpc } from '../chain/rpc'
import type { ContractName, Manifest } from '../manifest/manifest'
import { DemoSetupError } from './errors'
import { type BatchTx, sendBatch, type TxReceipt } from './txBatch'

/** Who plays which part in the demo economy (anvil dev accounts, all unlocked). */
export type DemoRoles = {
  deployer: Address
  modelOwner: Address
  /** Datanet owners, who curate their own datanets. */
  curators: Address[]
  /** Bonded validators running the honest oracle. */
  validators: Address[]
  /** A bonded validator that settles with inflated weights for an accomplice. */
  dishonestValidator: Address
  /** Hold GOPEN, vote, stake WOPEN and pay for inferences. */
  members: Address[]
  /** Submit data points. */
  contributors: Address[]
}

/** Accounts the demo needs: anvil must be started with at least this many. */
export const DEMO_ACCOUNTS = 64

/**
 * Splits dev accounts into demo roles.
 *
 * @example
 * const roles = demoRoles(accounts) // accounts.length >= DEMO_ACCOUNTS
 */
export function demoRoles(accounts: readonly Address[]): DemoRoles {
  if (accounts.length < DEMO_ACCOUNTS)
    throw new DemoSetupError(`the demo needs ${DEMO_ACCOUNTS} accounts, got ${accounts.length}`)
  return {
    deployer: accounts[0],
    modelOwner: accounts[1],
    curators: [accounts[2], accounts[3]],
    validators: [accounts[4], accounts[5]],
    dishonestValidator: accounts[6],
    members: accounts.slice(7, 12),
    contributors: accounts.slice(12, DEMO_ACCOUNTS),
  }
}

/** Reports progress of long steps (the CLI draws bars; tests stay quiet). */
export type Progress = {
  step(name: string, total: number): { tick(n?: number): void; done(): void }
  log(line: string): void
}

/** A progress sink that prints nothing. */
export const silentProgress: Progress = {
  step: () => ({ tick: () => {}, done: () => {} }),
  log: () => {},
}

/** Everything a demo step needs. */
export type DemoContext = {
  rpcUrl: string
  publicClient: PublicClient
  manifest: Manifest
  roles: DemoRoles
  store: ArtifactStore
  seed: number
  progress: Progress
}

/**
 * Address of a deployed contract, which the demo requires to be in the manifest.
 *
 * @example
 * const router = addressOf(ctx, 'InferenceRouter')
 */
export function addressOf(ctx: DemoContext, name: ContractName): Address {
  const entry = ctx.manifest.contracts[name]
  if (!entry) throw new DemoSetupError(`the demo needs ${name} in the manifest`)
  return entry.address
}

/**
 * One contract call as a batch transaction.
 *
 * @example
 * call(roles.curators[0], registry, datanetRegistryAbi, 'sealVersion', [1n])
 */
export function call<const TAbi extends Abi>(
  from: Address,
  to: Address,
  abi: TAbi,
  functionName: string,
  args: readonly unknown[] = [],
  value?: bigint,
): BatchTx {
  return {
    from,
    to,
    value,
    label: `${functionName}(${args.map((a) => (typeof a === 'bigint' ? a.toString() : typeof a === 'string' ? a.slice(0, 12) : '…')).join(', ')})`,
    data: encodeFunctionData({ abi: abi as Abi, functionName, args } as Parameters<
      typeof encodeFunctionData
    >[0]),
  }
}

/**
 * Sends transactions as one mined batch (see {@link sendBatch}).
 *
 * @example
 * const receipts = await send(ctx, [call(...), call(...)])
 */
export function send(ctx: DemoContext, txs: BatchTx[]): Promise<TxReceipt[]> {
  return sendBatch(ctx.rpcUrl, txs)
}

/**
 * Moves the devnet clock forward and mines a block (governance delays, staking locks).
 *
 * @example
 * await advance(ctx, 86_400)
 */
export async function advance(ctx: Pick<DemoContext, 'rpcUrl'>, seconds: number): Promise<void> {
  await rpc(ctx.rpcUrl, 'evm_increaseTime', [seconds])
  await rpc(ctx.rpcUrl, 'evm_mine', [])
}
