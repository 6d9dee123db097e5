import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createArtifactStore } from '../../src/attribution/artifactStore'
import { createClients } from '../../src/chain/createClients'
import { deployStack } from '../../src/chain/deployStack'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { DEMO_ACCOUNTS, type DemoContext, demoRoles, silentProgress } from '../../src/demo/demoContext'
import { repoRoot } from '../../src/util/repoRoot'

// Not ./chain's ROOT: that module imports vitest, and the soak run (plain tsx) starts its chain here.
const ROOT = repoRoot()

/**
 * A fresh anvil with the whole stack deployed and a quiet demo context on it (own port, own
 * artifact store under the run's temporary root). The caller stops `devnet`.
 *
 * @example
 * const { devnet, ctx } = await startDemoChain(7)
 */
export async function startDemoChain(seed: number): Promise<{ devnet: Devnet; ctx: DemoContext }> {
  const devnet = await startDevnet({ accounts: DEMO_ACCOUNTS })
  const clients = createClients({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
  const manifest = await deployStack({
    root: ROOT,
    wallet: clients.wallet,
    publicClient: clients.publicClient,
  })
  const accounts = Array.from({ length: DEMO_ACCOUNTS }, (_, i) => clients.devWallet(i).account.address)
  return {
    devnet,
    ctx: {
      rpcUrl: devnet.rpcUrl,
      publicClient: clients.publicClient,
      manifest,
      roles: demoRoles(accounts),
      store: createArtifactStore({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'demo-store-')) }),
      seed,
      progress: silentProgress,
    },
  }
}
