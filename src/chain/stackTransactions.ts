import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  getAddress,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import type { ContractName, Manifest } from '../manifest/manifest'
import { deployContractAt } from './deployContract'
import { deployProxyAt } from './deployProxy'
import { DeploymentError, TransactionFailedError } from './errors'
import { loadArtifact } from './loadArtifact'

/** The three kinds of transaction a deployment sends, each waiting for its receipt. */
export type StackTransactions = {
  /** Deploys `artifact`, records it in the manifest's contracts as `name`, returns its address. */
  deploy(name: ContractName, artifact: string, args?: readonly unknown[]): Promise<Address>
  /** Like `deploy`, behind an ERC-1967 proxy initialised with `args` (see deployProxyAt); returns the proxy. */
  deployProxy(name: ContractName, artifact: string, args?: readonly unknown[]): Promise<Address>
  /** Calls `functionName` of the `artifact` contract at `address`. */
  call(
    step: string,
    artifact: string,
    address: Address,
    functionName: string,
    args?: readonly unknown[],
    value?: bigint,
  ): Promise<void>
  /** Sends native OPEN. */
  pay(step: string, to: Address, value: bigint): Promise<void>
}

/**
 * The transactions of one deployment from `wallet`, each mined before the next is sent (later
 * steps read what earlier ones set) and each failure a {@link DeploymentError} naming its step, so
 * a half-deployed stack says where it stopped.
 *
 * @throws {DeploymentError} from each transaction, naming the step that failed.
 * @example
 * const contracts: Manifest['contracts'] = {}
 * const tx = stackTransactions({ root, wallet, publicClient, contracts, log: console.log })
 * const wopen = await tx.deploy('WOPEN', 'WOPEN')
 * await tx.call('bank approves staking', 'Bank', bank, 'approve', [wopen, staking, maxUint256])
 */
export function stackTransactions({
  root,
  wallet,
  publicClient,
  contracts,
  log,
}: {
  root: string
  wallet: WalletClient<Transport, Chain | undefined, Account>
  publicClient: PublicClient
  /** Filled with each deployed contract's address and start block. */
  contracts: Manifest['contracts']
  log: (line: string) => void
}): StackTransactions {
  return {
    async deploy(name, artifact, args = []) {
      const { address, blockNumber } = await deployContractAt({
        root,
        wallet,
        publicClient,
        name: artifact,
        args,
      })
      contracts[name] = { address: getAddress(address), startBlock: Number(blockNumber) }
      log(`deployed ${name} at ${getAddress(address)}`)
      return address
    },
    async deployProxy(name, artifact, args = []) {
      const proxy = await deployProxyAt({ root, wallet, publicClient, name: artifact, args })
      contracts[name] = { address: getAddress(proxy.address), startBlock: Number(proxy.blockNumber) }
      log(
        `deployed ${name} behind a proxy at ${getAddress(proxy.address)} (implementation ${proxy.implementation})`,
      )
      return proxy.address
    },
    async call(step, artifact, address, functionName, args = [], value) {
      try {
        const hash = await wallet.writeContract({
          address,
          abi: loadArtifact(root, artifact).abi as Abi,
          functionName,
          args,
          value,
          account: wallet.account,
          chain: wallet.chain,
        } as Parameters<typeof wallet.writeContract>[0])
        const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
        if (receipt.status !== 'success') throw new TransactionFailedError(hash, 'reverted')
      } catch (cause) {
        throw new DeploymentError(step, { cause })
      }
    },
    async pay(step, to, value) {
      try {
        const hash = await wallet.sendTransaction({ to, value, account: wallet.account, chain: wallet.chain })
        await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
      } catch (cause) {
        throw new DeploymentError(step, { cause })
      }
    },
  }
}
