import { type Manifest, writeManifest } from '../manifest/manifest'
import { repoRoot } from '../util/repoRoot'
import { createClients } from './createClients'
import { deployStack, type StackParams } from './deployStack'

export type DeployAndWriteManifestOptions = {
  rpcUrl: string
  chainId: number
  /** The deployer's key. @default the node's first dev account (a devnet) */
  privateKey?: `0x${string}`
  params: StackParams
  /** Where the manifest goes (written atomically). */
  manifestPath: string
  /** Receives a line per contract deployed. */
  log?: (line: string) => void
}

/**
 * Deploys the whole stack onto the node at `rpcUrl` ({@link deployStack}) and writes its manifest,
 * with `rpcUrl` in it, to `manifestPath`: what `devnet`, `deploy`, `demo` and `start` share.
 *
 * @throws {DeploymentError} naming the step that failed.
 * @example
 * const manifest = await deployAndWriteManifest({ rpcUrl, chainId: 31337, params: DEVNET_PARAMS, manifestPath })
 */
export async function deployAndWriteManifest(opts: DeployAndWriteManifestOptions): Promise<Manifest> {
  const { wallet, publicClient } = createClients(opts)
  const deployed = await deployStack({
    root: repoRoot(),
    wallet,
    publicClient,
    params: opts.params,
    log: opts.log,
  })
  const manifest = { ...deployed, rpcUrl: opts.rpcUrl }
  writeManifest(opts.manifestPath, manifest)
  return manifest
}
