import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeManifest } from '../../../src/manifest/manifest'
import { setupChain, type TestChain } from '../../setup/chain'
import { startAll } from '../../setup/startAll'
import { setupDatabase, type TestDatabase } from './database'
import { wopenActivity } from './rpc'
import { deployAndRunWorkload, type Workload } from './workload'

export type WorkloadChain = {
  chain: TestChain
  db: TestDatabase
  w: Workload
  /** The manifest written to a private file (for the `index` CLI). */
  manifestPath: string
  stop(): Promise<void>
}

/**
 * A private anvil and PostgreSQL, the whole workload ({@link deployAndRunWorkload}), then
 * `wopenBlocks` blocks of WOPEN activity with `txsPerBlock` transactions each. Whatever started is
 * stopped again when a later step fails.
 *
 * @example
 * beforeAll(async () => { s = await setupWorkloadChain({ wopenBlocks: 60, txsPerBlock: 25 }) }, 180_000)
 * afterAll(() => s?.stop())
 */
export async function setupWorkloadChain(opts: {
  wopenBlocks: number
  txsPerBlock: number
  inferences?: number
}): Promise<WorkloadChain> {
  const [chain, db] = await startAll([setupChain(), setupDatabase()])
  const stop = async () => {
    await Promise.all([chain.stop(), db.stop()])
  }
  try {
    const w = await deployAndRunWorkload(chain, { inferences: opts.inferences ?? 2 })
    await wopenActivity(chain.rpcUrl, {
      wopen: w.stack.wopen,
      accounts: chain.accounts.slice(1, 12),
      blocks: opts.wopenBlocks,
      txsPerBlock: opts.txsPerBlock,
    })
    const manifestPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ol-workload-')), 'manifest.json')
    writeManifest(manifestPath, w.manifest)
    return { chain, db, w, manifestPath, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
