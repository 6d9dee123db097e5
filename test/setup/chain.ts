import path from 'node:path'
import {
  type Account,
  type Address,
  type Chain,
  createTestClient,
  http,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { expect } from 'vitest'
import { createClients } from '../../src/chain/createClients'
import { deployContract } from '../../src/chain/deployContract'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'

export { DEV_MNEMONIC } from '../../src/chain/createClients'
export const ROOT = path.resolve(__dirname, '..', '..')

export type Wallet = WalletClient<Transport, Chain, Account>

export type TestChain = {
  devnet: Devnet
  rpcUrl: string
  chain: Chain
  publicClient: PublicClient
  testClient: TestClient<'anvil'>
  /** Wallet clients for the dev accounts (index 0 = deployer). */
  wallets: Wallet[]
  accounts: Address[]
  /** Deploys `contracts/out/<name>.json` from `wallets[from ?? 0]`. */
  deploy(name: string, args?: readonly unknown[], opts?: { value?: bigint; from?: number }): Promise<Address>
  /** Mines `blocks` empty blocks (and advances time by `seconds` first, if given). */
  mine(blocks: number, seconds?: number): Promise<void>
  /** Stops anvil. */
  stop(): Promise<void>
}

/**
 * Starts a private anvil devnet (own free port) and returns clients around it.
 * Use once per test file: `beforeAll(async () => { chain = await setupChain() })`.
 *
 * @example
 * const chain = await setupChain()
 * const wopen = await chain.deploy('WOPEN')
 * await chain.stop()
 */
export async function setupChain(opts: { accounts?: number } = {}): Promise<TestChain> {
  const accountCount = opts.accounts ?? 20
  const devnet = await startDevnet({ accounts: accountCount })
  try {
    return chainAround(devnet, accountCount)
  } catch (err) {
    // The caller never gets a handle to stop: stop anvil here.
    await devnet.stop()
    throw err
  }
}

function chainAround(devnet: Devnet, accountCount: number): TestChain {
  const clients = createClients({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
  const { chain, publicClient } = clients
  const testClient = createTestClient({ chain, transport: http(devnet.rpcUrl), mode: 'anvil' })
  const wallets = Array.from({ length: accountCount }, (_, i) => clients.devWallet(i)) as Wallet[]
  return {
    devnet,
    rpcUrl: devnet.rpcUrl,
    chain,
    publicClient,
    testClient,
    wallets,
    accounts: wallets.map((w) => w.account.address),
    deploy: (name, args = [], o = {}) =>
      deployContract({ root: ROOT, wallet: wallets[o.from ?? 0], publicClient, name, args, value: o.value }),
    mine: async (blocks, seconds) => {
      if (seconds) await testClient.increaseTime({ seconds })
      await testClient.mine({ blocks })
    },
    stop: () => devnet.stop(),
  }
}

/**
 * Asserts that `promise` (a viem `writeContract`/`simulateContract` call) reverts with the custom
 * error `errorName`. Checks viem's decoded error, so the ABI passed to the call must declare it.
 *
 * @example
 * await expectRevert(wallet.writeContract({ ... }), 'WeightsDoNotSumToOneMillion')
 */
export async function expectRevert(promise: Promise<unknown>, errorName: string): Promise<void> {
  let error: unknown
  try {
    await promise
  } catch (e) {
    error = e
  }
  expect(error, `expected a revert with ${errorName}, but the call succeeded`).toBeDefined()
  const names: string[] = []
  let current = error as { cause?: unknown; data?: { errorName?: string }; name?: string } | undefined
  while (current) {
    if (current.data?.errorName) names.push(current.data.errorName)
    current = current.cause as typeof current
  }
  expect(names, `revert reason of: ${String((error as Error)?.message).slice(0, 400)}`).toContain(errorName)
}

/**
 * Sends a contract write from `wallet` and waits for a successful receipt; returns the receipt.
 * `writeContract` simulates first, so a revert throws with the decoded custom error.
 *
 * @example
 * await send(chain, wallets[1], { address: wopen, abi: wopenAbi, functionName: 'deposit', value: 10n })
 */
export async function send(
  chain: TestChain,
  wallet: Wallet,
  // biome-ignore lint/suspicious/noExplicitAny: forwards viem's own generic parameters
  request: any,
) {
  // Headroom over the estimate, as the demo's txBatch gives: the estimate runs in one second and
  // the transaction may land in the next, where a time-dependent path (Staking's reward accrual,
  // a new ERC20Votes checkpoint) writes another slot. Exact estimates reverted out of gas under load;
  // a GOPEN withdraw right after a deposit and delegation reverted once with 30 % + 20k too (a CI run
  // on a loaded machine; a burn a second later pushes two new checkpoints, ~22k gas each). Gas is
  // free on the test chain, and the blocks here are far from full.
  const estimate = await chain.publicClient.estimateContractGas({ ...request, account: wallet.account })
  const hash = await wallet.writeContract({ ...request, gas: (estimate * 13n) / 10n + 70_000n })
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
  if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
  return receipt
}
