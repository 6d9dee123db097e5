import path from 'node:path'
import { GAS_CONTRACTS } from '../../../src/processor/processor'
import { repoRoot } from '../../../src/util/repoRoot'
import type { PeerIndexer } from './peerIndexer'
import { runUntilCaughtUp } from './runUntilCaughtUp'

const ROOT = repoRoot()
const ZERO = '0x0000000000000000000000000000000000000000'

/**
 * This project's indexer as `npm run bench:indexer` measures it (test/bench/indexer/benchChild.ts:
 * runIndexer with the Postgres store, finality 0, every manifest contract, receipts for the
 * AI-side contracts as the product's `index` fetches them), in its own process,
 * timed from spawn to the batch that reaches the head.
 *
 * @example
 * const r = await oursIndexer.run({ rpcUrl, chainId, manifest, head, db, log })
 */
export const oursIndexer: PeerIndexer = {
  name: 'openledger',
  version: () =>
    `openledger-indexer ${require(path.join(ROOT, 'package.json')).version}, Node ${process.version}`,
  contracts: 'all',
  async run(args) {
    const childArgs = JSON.stringify({
      rpcUrl: args.rpcUrl,
      manifest: args.manifest,
      target: args.head,
      store: 'postgres',
      db: args.db,
      // The product's default (`index` without --all-receipts): receipts for the AI side only.
      transactionsFor: [...GAS_CONTRACTS],
    })
    const script = path.join(ROOT, 'test', 'bench', 'indexer', 'benchChild.ts')
    const r = await runUntilCaughtUp({
      peer: 'openledger',
      command: process.execPath,
      args: ['--import', 'tsx', script, childArgs],
      cwd: ROOT,
      env: process.env,
      caughtUp: async (output) => output.includes('BENCH_RESULT '),
      timeoutMs: 600_000,
    })
    const line = r.output.split('\n').find((l) => l.startsWith('BENCH_RESULT '))
    const own = line ? JSON.parse(line.slice('BENCH_RESULT '.length)) : undefined
    return {
      detail: own
        ? `runIndexer to the head ${own.seconds.toFixed(1)} s (first batch after ${own.startupSeconds.toFixed(1)} s), so ${(r.seconds - own.seconds).toFixed(1)} s process start`
        : undefined,
      seconds: r.seconds,
      peakRssMb: r.peakRssMb,
      command: `node --import tsx test/bench/indexer/benchChild.ts '{rpcUrl, manifest, target: ${args.head}, store: "postgres", db, transactionsFor: GAS_CONTRACTS}'`,
      schema: 'public',
    }
  },
  canonical: (s) => ({
    transfers: `SELECT concat_ws('|', token, split_part(id, '-', 1)::int, split_part(id, '-', 2)::int, lower(tx_hash), lower(from_id), lower(to_id), amount) AS line, amount FROM "${s}".token_transfer WHERE token IN ('WOPEN', 'GOPEN')`,
    balances: `SELECT concat_ws('|', 'WOPEN', lower(id), wopen_balance) AS line, wopen_balance AS amount FROM "${s}".account WHERE wopen_balance <> 0 AND id <> '${ZERO}'
      UNION ALL SELECT concat_ws('|', 'GOPEN', lower(id), gopen_balance), gopen_balance FROM "${s}".account WHERE gopen_balance <> 0 AND id <> '${ZERO}'`,
    contributions: `SELECT concat_ws('|', id, datanet_id, lower(contributor_id), lower(content_hash), size, lower(status), submitted_at_block) AS line, size AS amount FROM "${s}".contribution WHERE submitted_at_block IS NOT NULL`,
    settlements: `SELECT concat_ws('|', inference_id, lower(validator_id), protocol_amount, model_owner_amount, stakers_amount, contributors_amount, dust, block_number, lower(tx_hash)) AS line, protocol_amount + model_owner_amount + stakers_amount + contributors_amount + dust AS amount FROM "${s}".settlement`,
    rewards: `SELECT concat_ws('|', inference_id, contribution_id, lower(contributor_id), amount, weight_ppm, block_number) AS line, amount FROM "${s}".contribution_reward`,
  }),
}
