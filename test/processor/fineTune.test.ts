import { type Address, encodeFunctionData, parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inferenceRouterAbi, modelRegistryAbi, policyRegistryAbi } from '../../src/abi/viem'
import { deployStack } from '../../src/chain/deployStack'
import type { Manifest } from '../../src/manifest/manifest'
import { registerFineTunedModel, settleWithLineage } from '../contracts/ai/lineage'
import {
  type AiStack,
  bondValidator,
  type Contribution,
  contribute,
  createDatanet,
  fulfil,
  type Model,
  read,
  registerModel,
  requestInference,
  review,
  seal,
  settle,
} from '../contracts/ai/simulate'
import { depositAndDelegate, passProposal } from '../contracts/token/governance'
import { ROOT, setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { startIndexer } from './helpers/indexUntil'
import { aiStackOf } from './helpers/workload'

let chain: TestChain
let db: TestDatabase
let manifest: Manifest
let stack: AiStack
/** base, its fine-tune, the fine-tune's fine-tune (on the base's own datanet too). */
let models: Model[]

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  manifest = await deployStack({ root: ROOT, wallet: chain.wallets[0], publicClient: chain.publicClient })
  stack = aiStackOf(chain, manifest)
  const w = chain.wallets
  await bondValidator(stack, w[7], parseEther('1000'))
  const sealed = async (name: string, n: number) => {
    const d = await createDatanet(stack, w[1], name)
    const cs: Contribution[] = []
    for (let i = 0; i < n; i++) cs.push(await contribute(d, w[2 + (i % 4)], `${name} ${i}`))
    await review(cs)
    await seal(d)
    return { d, cs }
  }
  const base = await sealed('ham', 4)
  const tune = await sealed('phishing', 3)
  const m0 = await registerModel(stack, w[8], {
    trainedOn: [{ datanet: base.d, version: 1 }],
    price: parseEther('1'),
  })
  const ft = (b: Model, trainedOn: { datanet: typeof base.d; version: number }[]) =>
    registerFineTunedModel(stack, w[9], { base: b, baseVersion: 1, trainedOn }, parseEther('0.37'))
  const m1 = await ft(m0, [{ datanet: tune.d, version: 1 }])
  const m2 = await ft(m1, [{ datanet: base.d, version: 1 }])
  models = [m0, m1, m2]

  const run = async (model: Model, k: number, levels: Parameters<typeof settleWithLineage>[2]) => {
    const inf = await requestInference(model, w[11], `input ${k}`)
    await fulfil(inf, 'spam', model.owner)
    await settleWithLineage(inf, w[7], levels)
  }
  const plain = await requestInference(m0, w[11], 'plain')
  await fulfil(plain, 'ham', m0.owner)
  await settle(plain, w[7], [[base.cs[0], 1_000_000]])
  await run(m1, 1, [
    [
      [tune.cs[0], 700_000],
      [tune.cs[1], 300_000],
    ],
    [[base.cs[1], 1_000_000]],
  ])
  // The same contribution paid at two levels (m2 fine-tuned on its base's base's datanet).
  await run(m2, 2, [[[base.cs[2], 1_000_000]], [[tune.cs[2], 1_000_000]], [[base.cs[2], 1_000_000]]])

  // Governance raises the upstream share; a later settlement pays under it.
  const a = (n: keyof Manifest['contracts']) => manifest.contracts[n]!.address as Address
  await depositAndDelegate(chain, a('GOPEN'), w[4], parseEther('60000'))
  await chain.mine(1, 2)
  await passProposal(chain, {
    governor: a('OpenLedgerGovernor'),
    voters: [w[4]],
    targets: [stack.policy],
    values: [0n],
    calldatas: [
      encodeFunctionData({ abi: policyRegistryAbi, functionName: 'setUpstreamShare', args: [3000] }),
    ],
    description: 'Raise the upstream royalty to 30%',
  })
  await run(m1, 3, [[[tune.cs[1], 1_000_000]], [[base.cs[3], 1_000_000]]])

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
const royaltyLogs = () =>
  chain.publicClient.getContractEvents({
    address: stack.router,
    abi: inferenceRouterAbi,
    eventName: 'UpstreamRoyaltyPaid',
    fromBlock: 0n,
  })

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
