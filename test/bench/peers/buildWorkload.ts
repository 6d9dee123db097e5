import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createArtifactStore } from '../../../src/attribution/artifactStore'
import { createClients } from '../../../src/chain/createClients'
import { deployStack } from '../../../src/chain/deployStack'
import { rpc } from '../../../src/chain/rpc'
import { type Devnet, startDevnet } from '../../../src/chain/startDevnet'
import { DEMO_ACCOUNTS, demoRoles, silentProgress } from '../../../src/demo/demoContext'
import { runDemo } from '../../../src/demo/runDemo'
import type { Manifest } from '../../../src/manifest/manifest'
import { repoRoot } from '../../../src/util/repoRoot'
import { generateWopenWorkload } from '../indexer/generateWorkload'

/** A transfer shape laid on top of the demo economy: `blocks` blocks of `txsPerBlock` WOPEN transfers. */
export type TransferShape = { name: string; blocks: number; txsPerBlock: number }

/** The devnet with the stack deployed and the demo economy run, ready for a transfer shape. */
export type EconomyChain = {
  devnet: Devnet
  manifest: Manifest
  /** anvil snapshot taken after the economy: each shape starts from it. */
  snapshot: string
  economy: { contributions: number; settlements: number; seconds: number }
}

/**
 * Starts one anvil devnet (gas limit high enough for 500 transfers a block), deploys the whole
 * stack and runs the demo economy (datanets, contributions and reviews, a model, staking, votes,
 * paid inferences settled with per-contribution rewards) at `inferences` paid inferences, then
 * snapshots it so each transfer shape is generated on the same economy.
 *
 * @example
 * const chain = await startEconomyChain({ inferences: 100, scale: 1, maxEmails: 600 })
 */
export async function startEconomyChain(opts: {
  inferences: number
  /** Multiplies `inferences` (runDemo's scale). */
  scale: number
  maxEmails: number
  seed?: number
  log?: (line: string) => void
}): Promise<EconomyChain> {
  const log = opts.log ?? (() => {})
  const devnet = await startDevnet({ accounts: DEMO_ACCOUNTS, gasLimit: 300_000_000n })
  try {
    const clients = createClients({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
    const manifest = await deployStack({
      root: repoRoot(),
      wallet: clients.wallet,
      publicClient: clients.publicClient,
    })
    const accounts = Array.from({ length: DEMO_ACCOUNTS }, (_, i) => clients.devWallet(i).account.address)
    const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peers-store-'))
    const t = performance.now()
    try {
      const demo = await runDemo(
        {
          rpcUrl: devnet.rpcUrl,
          publicClient: clients.publicClient,
          manifest,
          roles: demoRoles(accounts),
          store: createArtifactStore({ dir: storeDir }),
          seed: opts.seed ?? 1,
          progress: { ...silentProgress, log },
        },
        {
          maxEmails: opts.maxEmails,
          inferences: opts.inferences,
          scale: opts.scale,
          perRound: 50,
          device: 'cpu',
        },
      )
      const economy = {
        contributions: demo.contributions.length,
        settlements: demo.settlements.length,
        seconds: (performance.now() - t) / 1000,
      }
      const snapshot = (await rpc(devnet.rpcUrl, 'evm_snapshot', [])) as string
      return { devnet, manifest, snapshot, economy }
    } finally {
      fs.rmSync(storeDir, { recursive: true, force: true })
    }
  } catch (err) {
    await devnet.stop()
    throw err
  }
}

/**
 * Reverts the chain to the economy snapshot (taking a new one for the next shape) and mines the
 * transfer shape on top with 20 of the demo's accounts. Returns the head block number.
 *
 * @example
 * const head = await layShape(chain, { name: 'bulk', blocks: 200, txsPerBlock: 500 })
 */
export async function layShape(
  chain: EconomyChain,
  shape: TransferShape,
  log?: (l: string) => void,
): Promise<number> {
  const reverted = await rpc(chain.devnet.rpcUrl, 'evm_revert', [chain.snapshot])
  if (reverted !== true) throw new Error(`evm_revert to ${chain.snapshot} answered ${String(reverted)}`)
  chain.snapshot = (await rpc(chain.devnet.rpcUrl, 'evm_snapshot', [])) as string
  const clients = createClients({ rpcUrl: chain.devnet.rpcUrl, chainId: chain.devnet.chainId })
  const accounts = Array.from(
    { length: 20 },
    (_, i) => clients.devWallet(DEMO_ACCOUNTS - 20 + i).account.address,
  )
  const wopen = chain.manifest.contracts.WOPEN?.address
  if (!wopen) throw new Error('WOPEN missing from the manifest')
  return generateWopenWorkload(chain.devnet.rpcUrl, {
    wopen,
    accounts,
    blocks: shape.blocks,
    txsPerBlock: shape.txsPerBlock,
    log,
  })
}
