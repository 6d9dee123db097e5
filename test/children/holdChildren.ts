/**
 * Child-process fixture of orphans.test.ts: starts anvil and/or embedded PostgreSQL the way the
 * product does, prints `{"anvil": pid, "postgres": pid}` as one line, then, by `mode`, waits to be
 * killed, throws (an uncaught crash), or fails a deploy against the devnet without stopping it.
 *
 *   node --import tsx holdChildren.ts <devnet|postgres|both> <wait|throw|deploy-fails> [dataDir]
 */
import fs from 'node:fs'
import path from 'node:path'
import { createClients } from '../../src/chain/createClients'
import { deployStack } from '../../src/chain/deployStack'
import { startDevnet } from '../../src/chain/startDevnet'
import { startDatabase } from '../../src/db/startDatabase'

async function main() {
  const [what, mode, dataDir] = process.argv.slice(2)
  const pids: Record<string, number> = {}
  const devnet = what === 'postgres' ? undefined : await startDevnet()
  if (devnet) pids.anvil = devnet.pid
  if (what !== 'devnet') {
    await startDatabase({ kind: 'embedded', dataDir })
    pids.postgres = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  }
  console.log(JSON.stringify(pids))
  if (mode === 'throw') throw new Error('crash after the children started')
  if (mode === 'deploy-fails' && devnet) {
    // No contracts under this root: the deploy fails after the devnet started, and nothing stops it.
    const clients = createClients({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
    await deployStack({ root: path.join(dataDir ?? '/nonexistent', 'no-repo'), ...clients })
  }
  setInterval(() => {}, 60_000)
}

main()
