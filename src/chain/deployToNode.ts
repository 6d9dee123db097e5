import { ConfigError } from '../errors'
import type { Manifest } from '../manifest/manifest'
import { deployAndWriteManifest } from './deployAndWriteManifest'
import { DEVNET_PARAMS, PUBLISHED_PARAMS, type StackParams } from './deployStack'
import { rpcChainId } from './rpcChainId'

/** Anvil's chain id: the only chain deployed to with a dev account and short governance. */
const DEVNET_CHAIN_ID = 31337

export type DeployToNodeOptions = {
  rpcUrl: string
  /** The chain the node must be on (`CHAIN_ID`), when given. */
  expectedChainId?: number
  /** The deployer's key; required unless the node is a devnet. */
  privateKey?: `0x${string}`
  /** The parameters over the chain's defaults: `DEVNET_PARAMS` on a devnet, `PUBLISHED_PARAMS` elsewhere. */
  params: (defaults: StackParams) => StackParams
  manifestPath: string
  /** Receives the governance in force, then a line per contract deployed. */
  log?: (line: string) => void
}

/**
 * `openledger deploy`: the stack onto an existing node. Short governance only on a devnet (chain
 * 31337): elsewhere a slash must wait out the published latency, and the deployer must bring its
 * own key instead of a well-known dev account.
 *
 * @throws {ChainIdMismatchError} the node is not on `expectedChainId`.
 * @throws {ConfigError} no key for a chain that is not a devnet.
 * @example
 * await deployToNode({ rpcUrl, privateKey, params: (d) => d, manifestPath: '.data/manifest.json' })
 */
export async function deployToNode(opts: DeployToNodeOptions): Promise<Manifest> {
  const chainId = await rpcChainId(opts.rpcUrl, { expected: opts.expectedChainId })
  if (!opts.privateKey && chainId !== DEVNET_CHAIN_ID)
    throw new ConfigError(`Chain ${chainId} is not a devnet: set DEPLOYER_PRIVATE_KEY to deploy there.`)
  const params = opts.params(chainId === DEVNET_CHAIN_ID ? DEVNET_PARAMS : PUBLISHED_PARAMS)
  opts.log?.(
    `governance: voting delay ${params.votingDelay} s, period ${params.votingPeriod} s, timelock ${params.timelockDelay} s, audit window ${params.auditWindow} s`,
  )
  return deployAndWriteManifest({ ...opts, chainId, params })
}
