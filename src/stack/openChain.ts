import type { StackParams } from '../chain/deployStack'
import { rpc } from '../chain/rpc'
import { rpcChainId } from '../chain/rpcChainId'
import type { Devnet } from '../chain/startDevnet'
import type { Config } from '../config'
import type { Progress } from '../demo/demoContext'
import { type Manifest, readManifest } from '../manifest/manifest'
import { type DeployAndRunDemoOptions, deployAndRunDemo } from './deployAndRunDemo'
import { wipeChainData } from './wipeChainData'

export type OpenChainOptions = {
  config: DeployAndRunDemoOptions['config'] & Pick<Config, 'rpcUrl' | 'database' | 'dataDir'>
  /** The devnet's deploy parameters (unused with `config.rpcUrl`). */
  params: StackParams
  /** The demo's sizing (unused with `config.rpcUrl`). */
  demo?: DeployAndRunDemoOptions['demo']
  seed?: number
  /** Receives the devnet's, the deploy's and the demo's lines. */
  progress: Progress
  signal?: AbortSignal
}

/** The chain `start` indexes: its node, its manifest, and the devnet when `start` began one. */
export type OpenedChain = { rpcUrl: string; manifest: Manifest; devnet?: Devnet }

/**
 * The chain phase of `start`. With `config.rpcUrl`: that node and the manifest at
 * `config.manifestPath`, after checking the node is on the manifest's chain. Without: the data of
 * an earlier devnet removed ({@link wipeChainData}), a new devnet with the stack deployed and the
 * demo economy run ({@link deployAndRunDemo}), then mining a block a second so the last
 * settlements become final and get audited. The caller stops the devnet.
 *
 * @throws {ChainIdMismatchError} the node is on another chain than the manifest.
 * @example
 * const { rpcUrl, manifest, devnet } = await openChain({ config, params: DEVNET_PARAMS, progress })
 */
export async function openChain(opts: OpenChainOptions): Promise<OpenedChain> {
  const { config } = opts
  if (config.rpcUrl) {
    const manifest = readManifest(config.manifestPath)
    await rpcChainId(config.rpcUrl, { expected: manifest.chainId })
    return { rpcUrl: config.rpcUrl, manifest }
  }
  wipeChainData(config)
  const { devnet, manifest } = await deployAndRunDemo(opts)
  try {
    // A live devnet keeps producing blocks, so the last settlements become final and get audited.
    await rpc(devnet.rpcUrl, 'evm_setIntervalMining', [1])
  } catch (err) {
    await devnet.stop()
    throw err
  }
  return { rpcUrl: devnet.rpcUrl, manifest, devnet }
}
