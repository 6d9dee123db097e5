import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inferenceRouterAbi, modelRegistryAbi, policyRegistryAbi } from '../../src/abi/viem'
import type { Manifest } from '../../src/manifest/manifest'
import { type AiStack, type Model, read } from '../contracts/ai/simulate'
import { setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { royaltyLogs as logsOfRoyalties, runFineTuneWorkload } from './helpers/fineTuneWorkload'
import { startIndexer } from './helpers/indexUntil'

let chain: TestChain
let db: TestDatabase
let manifest: Manifest
let stack: AiStack
/** base, its fine-tune, the fine-tune's fine-tune (on the base's own datanet too). */
let models: Model[]

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  ;({ manifest, stack, models } = await runFineTuneWorkload(chain))

  const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest, db: db.settings })
  try {
    await idx.waitFor(Number(await chain.publicClient.getBlockNumber()))
  } finally {
    await idx.stop()
  }
}, 240_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

const rows = (sql: string) => db.query<Record<string, string | number | null>>(sql)
const royaltyLogs = () => logsOfRoyalties(chain, stack)

describe('indexing fine-tunes and upstream royalties', () => {
  it('records each version’s base and depth as the registry reports them', async () => {
    const indexed = await rows('SELECT id, base_id, lineage_depth FROM model_version ORDER BY id')
    const want = await Promise.all(
      models.map(async (m) => {
        const [baseModelId, baseVersion, depth] = await read<[bigint, number, number]>(chain, {
          address: stack.models,
          abi: modelRegistryAbi,
          functionName: 'lineageOf',
          args: [m.id, 1],
        })
        return {
          id: `${m.id}-1`,
          base_id: depth === 0 ? null : `${baseModelId}-${baseVersion}`,
          lineage_depth: depth === 0 ? null : depth,
        }
      }),
    )
    expect(indexed).toEqual(want)
  })

  it('stores one UpstreamRoyalty per level per settlement, equal to the events', async () => {
    const logs = await royaltyLogs()
    expect(logs).toHaveLength(2 + 3 + 2)
    const indexed = await rows(
      `SELECT id, level, model_id, model_version_id, version, fine_tuned_model_id, amount, kept, paid, block_number, tx_hash
         FROM upstream_royalty ORDER BY block_number, log_index`,
    )
    const inferenceModel = new Map<bigint, bigint>()
    for (const l of logs) if (l.args.level === 0) inferenceModel.set(l.args.inferenceId!, l.args.modelId!)
    expect(indexed).toEqual(
      logs.map((l) => ({
        id: `${l.args.inferenceId}-${l.args.level}`,
        level: l.args.level,
        model_id: String(l.args.modelId),
        model_version_id: `${l.args.modelId}-${l.args.modelVersion}`,
        version: l.args.modelVersion,
        fine_tuned_model_id: String(inferenceModel.get(l.args.inferenceId!)),
        amount: String(l.args.amount),
        kept: String(l.args.kept),
        paid: String(l.args.paid),
        block_number: Number(l.blockNumber),
        tx_hash: l.transactionHash,
      })),
    )
  })

  it('keeps model totals of what flowed up and was received, and every reward (one contribution at two levels)', async () => {
    const logs = await royaltyLogs()
    const sum = (f: (l: (typeof logs)[number]) => bigint) => logs.reduce((s, l) => s + f(l), 0n)
    const totals = await rows('SELECT id, upstream_received, upstream_paid FROM model ORDER BY id')
    expect(totals).toEqual(
      models.map((m) => ({
        id: String(m.id),
        upstream_received: String(
          sum((l) => (l.args.level! > 0 && l.args.modelId === m.id ? l.args.kept! : 0n)),
        ),
        upstream_paid: String(
          sum((l) => (l.args.level === 0 && l.args.modelId === m.id ? l.args.amount! - l.args.kept! : 0n)),
        ),
      })),
    )
    const rewards = await chain.publicClient.getContractEvents({
      address: stack.router,
      abi: inferenceRouterAbi,
      eventName: 'ContributionRewarded',
      fromBlock: 0n,
    })
    const indexed = await rows(
      'SELECT contribution_id, amount FROM contribution_reward ORDER BY block_number, position',
    )
    expect(indexed).toEqual(
      rewards.map((r) => ({ contribution_id: String(r.args.contributionId), amount: String(r.args.amount) })),
    )
    expect(
      await rows(`SELECT count(*)::int AS n FROM indexing_anomaly WHERE kind = 'INCONSISTENT_STATE'`),
    ).toEqual([{ n: 0 }])
  })

  it('records the upstream share history: the constructor default, then the governed change', async () => {
    const history = await rows(
      'SELECT upstream_share_bps FROM upstream_share_policy ORDER BY from_block, from_log_index',
    )
    expect(history).toEqual([{ upstream_share_bps: 2000 }, { upstream_share_bps: 3000 }])
    expect(
      await read<number>(chain, {
        address: stack.policy,
        abi: policyRegistryAbi,
        functionName: 'upstreamShareBps',
      }),
    ).toBe(3000)
  })
})
