/**
 * Profiling aid: starts a devnet, deploys WOPEN, generates one benchmark shape and keeps the node
 * running, writing `{ rpcUrl, manifest, target }` to the given file so `benchChild.ts` can be run
 * against it by hand (e.g. under `node --cpu-prof`). Stops on SIGINT/SIGTERM.
 * Usage: tsx holdDevnet.ts <out.json> <blocks> <txsPerBlock>, or for the demo shape (the whole stack
 * and mixed blocks, see generateDemoMix.ts): tsx holdDevnet.ts <out.json> <blocks> <transfersPerBlock> demo
 */
import fs from 'node:fs'
import path from 'node:path'
import { createClients } from '../../../src/chain/createClients'
import { deployContract } from '../../../src/chain/deployContract'
import { startDevnet } from '../../../src/chain/startDevnet'
import type { Manifest } from '../../../src/manifest/manifest'
import { generateDemoMix } from './generateDemoMix'
import { generateWopenWorkload } from './generateWorkload'
import { setupDemoMix } from './setupDemoMix'

const ROOT = path.resolve(__dirname, '..', '..', '..')

async function main() {
  const [out, blocks = '200', txsPerBlock = '500', shape = 'bulk'] = process.argv.slice(2)
  const devnet = await startDevnet({ accounts: 20, gasLimit: 300_000_000n })
  const stop = async () => {
    await devnet.stop()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  if (shape === 'demo') {
    const mix = await setupDemoMix({ root: ROOT, rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
    const { head } = await generateDemoMix(devnet.rpcUrl, mix, {
      blocks: Number(blocks),
      transfersPerBlock: Number(txsPerBlock),
    })
    fs.writeFileSync(out, JSON.stringify({ rpcUrl: devnet.rpcUrl, manifest: mix.manifest, target: head }))
    console.log(`holding ${devnet.rpcUrl} (head ${head}); args in ${out}`)
    return
  }
  const { publicClient, wallet, devWallet } = createClients({
    rpcUrl: devnet.rpcUrl,
    chainId: devnet.chainId,
  })
  const wopen = await deployContract({ root: ROOT, wallet, publicClient, name: 'WOPEN' })
  const accounts = Array.from({ length: 20 }, (_, i) => devWallet(i).account.address)
  const target = await generateWopenWorkload(devnet.rpcUrl, {
    wopen,
    accounts,
    blocks: Number(blocks),
    txsPerBlock: Number(txsPerBlock),
  })
  const manifest: Manifest = {
    version: 1,
    chainId: devnet.chainId,
    contracts: { WOPEN: { address: wopen, startBlock: 0 } },
  }
  fs.writeFileSync(out, JSON.stringify({ rpcUrl: devnet.rpcUrl, manifest, target }))
  console.log(`holding ${devnet.rpcUrl} (head ${target}); args in ${out}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
