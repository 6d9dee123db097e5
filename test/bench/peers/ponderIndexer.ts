import fs from 'node:fs'
import path from 'node:path'
import { dbSettingsToUrl } from '../../../src/db/dbSettings'
import { freePort } from '../../../src/util/freePort'
import type { PeerIndexer } from './peerIndexer'
import { PeerRunError } from './peerIndexer'
import { runUntilCaughtUp } from './runUntilCaughtUp'

const DIR = path.join(__dirname, 'ponder')
const CONTRACTS = ['WOPEN', 'GOPEN', 'DatanetRegistry', 'InferenceRouter'] as const

/**
 * Ponder (test/bench/peers/ponder: the same ABIs, the comparable tables, equivalent handlers) run
 * with `ponder start` into its own schema, timed from spawn until its /status reports the head.
 * Ponder 0.16 is the newest release that installs here (see README.md); it runs on Node 20.
 *
 * @example
 * const r = await ponderIndexer.run({ rpcUrl, chainId, manifest, head, db, log })
 */
export const ponderIndexer: PeerIndexer = {
  name: 'ponder',
  version: () => {
    const pkg = path.join(DIR, 'node_modules', 'ponder', 'package.json')
    if (!fs.existsSync(pkg)) return 'not installed'
    return `ponder ${JSON.parse(fs.readFileSync(pkg, 'utf8')).version}, Node ${process.version}`
  },
  contracts: CONTRACTS,
  notes: [
    'Ponder: 0.17.7, the newest release that is not deprecated (Node >= 22), does not install here: `npm install ponder@0.17.7` fails with `npm error notarget No matching version found for @ponder/utils@0.3.0` (its pinned dependency is absent from the registry these machines reach). 1.0.0 is marked deprecated on npm (published the same second as 0.8.7). 0.16.10 is the newest that installs; it runs on Node 20 (engines >= 18.14).',
  ],
  async run(args) {
    const bin = path.join(DIR, 'node_modules', 'ponder', 'dist', 'esm', 'bin', 'ponder.js')
    const schema = 'ponder_bench'
    const port = await freePort()
    const command = `cd test/bench/peers/ponder && node node_modules/ponder/dist/esm/bin/ponder.js start --schema ${schema} --port ${port}`
    if (!fs.existsSync(bin))
      throw new PeerRunError(
        'ponder',
        command,
        'not installed: run npm install in test/bench/peers/ponder',
        '',
      )
    const addresses = Object.fromEntries(CONTRACTS.map((c) => [c, args.manifest.contracts[c]?.address]))
    const r = await runUntilCaughtUp({
      peer: 'ponder',
      command: process.execPath,
      args: [bin, 'start', '--schema', schema, '--port', String(port), '--hostname', '127.0.0.1'],
      cwd: DIR,
      env: {
        ...process.env,
        DATABASE_URL: dbSettingsToUrl(args.db),
        PEER_RPC_URL: args.rpcUrl,
        PEER_CHAIN_ID: String(args.chainId),
        PEER_ADDRESSES: JSON.stringify(addresses),
        PEER_END_BLOCK: String(args.head),
        PONDER_TELEMETRY_DISABLED: 'true',
        NODE_ENV: 'production',
      },
      caughtUp: async () => {
        const res = await fetch(`http://127.0.0.1:${port}/status`)
        if (!res.ok) return false
        const status = (await res.json()) as Record<string, { block?: { number: number } }>
        return (status.devnet?.block?.number ?? -1) >= args.head
      },
      timeoutMs: 900_000,
      pollMs: 250,
    })
    return { seconds: r.seconds, peakRssMb: r.peakRssMb, command, schema }
  },
  canonical: (s) => ({
    transfers: `SELECT concat_ws('|', token, block_number, log_index, lower(tx_hash), lower("from"), lower("to"), amount) AS line, amount FROM "${s}".transfer`,
    balances: `SELECT concat_ws('|', token, lower(account), amount) AS line, amount FROM "${s}".balance WHERE amount <> 0`,
    contributions: `SELECT concat_ws('|', id, datanet_id, lower(contributor), lower(content_hash), size, status, submitted_at_block) AS line, size AS amount FROM "${s}".contribution`,
    settlements: `SELECT concat_ws('|', inference_id, lower(validator), protocol_amount, model_owner_amount, stakers_amount, contributors_amount, dust, block_number, lower(tx_hash)) AS line, protocol_amount + model_owner_amount + stakers_amount + contributors_amount + dust AS amount FROM "${s}".settlement`,
    rewards: `SELECT concat_ws('|', inference_id, contribution_id, lower(contributor), amount, weight_ppm, block_number) AS line, amount FROM "${s}".contribution_reward`,
  }),
}
