import type { Abi, Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem'
import { DeploymentError, TransactionFailedError } from './errors'
import { loadArtifact } from './loadArtifact'

export type DeployArgs = {
  /** Repository root holding contracts/out. */
  root: string
  wallet: WalletClient<Transport, Chain | undefined, Account>
  publicClient: PublicClient
  /** Contract name as in contracts/out/<name>.json. */
  name: string
  args?: readonly unknown[]
  /** Native OPEN sent with the constructor, in wei. */
  value?: bigint
}

/**
 * Deploys a compiled contract and waits for its receipt.
 *
 * @throws {ContractArtifactMissingError} when the contract was not compiled.
 * @throws {DeploymentError} when the transaction reverts or yields no address.
 * @example
 * const address = await deployContract({ root, wallet, publicClient, name: 'WOPEN' })
 */
export async function deployContract(args: DeployArgs): Promise<Address> {
  return (await deployContractAt(args)).address
}

/**
 * Like {@link deployContract}, also returning the block the contract was created in (its indexing
 * start block: constructors emit events, e.g. the initial fee policy).
 *
 * @example
 * const { address, blockNumber } = await deployContractAt({ root, wallet, publicClient, name: 'ModelFund', args: [owner, models] })
 */
export async function deployContractAt({
  root,
  wallet,
  publicClient,
  name,
  args = [],
  value,
}: DeployArgs): Promise<{ address: Address; blockNumber: bigint }> {
  const { abi, bytecode } = loadArtifact(root, name)
  try {
    const hash = await wallet.deployContract({
      abi: abi as Abi,
      bytecode,
      args,
      value,
      account: wallet.account,
      chain: wallet.chain,
    } as Parameters<typeof wallet.deployContract>[0])
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    if (receipt.status !== 'success' || !receipt.contractAddress)
      throw new TransactionFailedError(
        hash,
        receipt.status === 'success' ? 'created no contract' : `ended with status ${receipt.status}`,
      )
    return { address: receipt.contractAddress, blockNumber: receipt.blockNumber }
  } catch (cause) {
    throw new DeploymentError(`deploy ${name}`, { cause })
  }
}
