import { type Abi, type Address, encodeFunctionData } from 'viem'
import { type DeployArgs, deployContractAt } from './deployContract'
import { loadArtifact } from './loadArtifact'

/** The artifact of the ERC-1967 proxy every upgradeable AI contract sits behind. */
export const PROXY_ARTIFACT = 'OpenLedgerProxy'

/**
 * Deploys the implementation `name` (its constructor disables its initialisers), then an
 * `OpenLedgerProxy` whose constructor calls `initialize(...args)` on it: deployment and
 * initialisation are one transaction, so nobody can front-run `initialize`. The proxy address is
 * the contract's address for good; its block is the indexing start block (the initialiser's
 * events, e.g. the first fee policy, and the proxy's first `Upgraded` are in it).
 *
 * @throws {ContractArtifactMissingError} when the contract or the proxy was not compiled.
 * @throws {DeploymentError} when either deployment reverts.
 * @example
 * const { address, implementation } = await deployProxyAt({ root, wallet, publicClient, name: 'PolicyRegistry', args: [timelock] })
 */
export async function deployProxyAt({
  args = [],
  value,
  ...rest
}: DeployArgs): Promise<{ address: Address; blockNumber: bigint; implementation: Address }> {
  const implementation = (await deployContractAt({ ...rest, args: [] })).address
  const initData = encodeFunctionData({
    abi: loadArtifact(rest.root, rest.name).abi as Abi,
    functionName: 'initialize',
    args,
  })
  const proxy = await deployContractAt({
    ...rest,
    name: PROXY_ARTIFACT,
    args: [implementation, initData],
    value,
  })
  return { ...proxy, implementation }
}
