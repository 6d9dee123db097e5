import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modelRegistryAbi } from '../../src/abi/viem'
import { type AiStack, type Model, read } from '../contracts/ai/simulate'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { royaltyLogs as logsOfRoyalties, runFineTuneWorkload } from '../processor/helpers/fineTuneWorkload'
import { setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { type IndexedApi, serveIndexedChain } from './indexedApi'

let chain: TestChain
let db: TestDatabase
let served: IndexedApi | undefined
let stack: AiStack
/** base, its fine-tune, the fine-tune's fine-tune. */
let models: Model[]

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  const w = await runFineTuneWorkload(chain)
  ;({ stack, models } = w)
  served = await serveIndexedChain({ ...chain, manifest: w.manifest, db: db.settings })
}, 240_000)

afterAll(async () => {
  await served?.api.close()
  await Promise.all([chain?.stop(), db?.stop()])
})

const gql = (query: string) => served!.gql(query)
const royaltyLogs = () => logsOfRoyalties(chain, stack)

describe('GraphQL: a model’s lineage tree and what flowed up it (indexed from a chain)', () => {
  it('walks the lineage up from the deepest fine-tune, as the registry records it', async () => {
    const [, m1, m2] = models
    const data = await gql(`{
      modelVersionById(id: "${m2.id}-1") {
        id lineageDepth datanetVersionIds
        base { id lineageDepth model { id } base { id lineageDepth base { id } } }
      }
    }`)
    const lineage = async (m: bigint) => {
      const [baseModelId, baseVersion, depth] = await read<[bigint, number, number]>(chain, {
        address: stack.models,
        abi: modelRegistryAbi,
        functionName: 'lineageOf',
        args: [m, 1],
      })
      return { base: `${baseModelId}-${baseVersion}`, depth }
    }
    const l2 = await lineage(m2.id)
    const l1 = await lineage(m1.id)
    expect(l2).toEqual({ base: `${m1.id}-1`, depth: 2 })
    expect(data.modelVersionById).toEqual({
      id: `${m2.id}-1`,
      lineageDepth: l2.depth,
      datanetVersionIds: ['1-1'],
      base: {
        id: l2.base,
        lineageDepth: l1.depth,
        model: { id: String(m1.id) },
        base: { id: l1.base, lineageDepth: null, base: null },
      },
    })
  })

  it('walks it down from the base: fine-tunes of fine-tunes', async () => {
    const [m0, m1, m2] = models
    const data = await gql(`{
      modelById(id: "${m0.id}") {
        versions(limit: 5) {
          id
          fineTunes(limit: 10) { id model { id } fineTunes(limit: 10) { id fineTunes(limit: 10) { id } } }
        }
      }
    }`)
    expect(data.modelById.versions).toEqual([
      {
        id: `${m0.id}-1`,
        fineTunes: [
          {
            id: `${m1.id}-1`,
            model: { id: String(m1.id) },
            fineTunes: [{ id: `${m2.id}-1`, fineTunes: [] }],
          },
        ],
      },
    ])
  })

  it('says what flowed up: per-level royalties and model totals equal the chain’s events', async () => {
    const logs = await royaltyLogs()
    const data = await gql(`{
      upstreamRoyalties(orderBy: [blockNumber_ASC, logIndex_ASC]) {
        id level amount kept paid model { id } modelVersion { id } fineTunedModel { id } inference { id }
      }
      models(orderBy: [id_ASC]) { id upstreamReceived upstreamPaid }
    }`)
    const fineTunedOf = new Map(
      logs.filter((l) => l.args.level === 0).map((l) => [l.args.inferenceId, l.args.modelId]),
    )
    expect(data.upstreamRoyalties).toEqual(
      logs.map((l) => ({
        id: `${l.args.inferenceId}-${l.args.level}`,
        level: l.args.level,
        amount: String(l.args.amount),
        kept: String(l.args.kept),
        paid: String(l.args.paid),
        model: { id: String(l.args.modelId) },
        modelVersion: { id: `${l.args.modelId}-${l.args.modelVersion}` },
        fineTunedModel: { id: String(fineTunedOf.get(l.args.inferenceId)) },
        inference: { id: String(l.args.inferenceId) },
      })),
    )
    const sum = (keep: (l: (typeof logs)[number]) => boolean, amount: (l: (typeof logs)[number]) => bigint) =>
      String(logs.filter(keep).reduce((s, l) => s + amount(l), 0n))
    expect(data.models).toEqual(
      models.map((m) => ({
        id: String(m.id),
        upstreamReceived: sum(
          (l) => l.args.level! > 0 && l.args.modelId === m.id,
          (l) => l.args.kept!,
        ),
        upstreamPaid: sum(
          (l) => l.args.level === 0 && l.args.modelId === m.id,
          (l) => l.args.amount! - l.args.kept!,
        ),
      })),
    )
    // The base received something from both fine-tunes, and the middle one passed some up and received some.
    expect(BigInt(data.models[0].upstreamReceived)).toBeGreaterThan(0n)
    expect(BigInt(data.models[1].upstreamReceived)).toBeGreaterThan(0n)
    expect(BigInt(data.models[1].upstreamPaid)).toBeGreaterThan(0n)
  })

  it('filters what flowed up from one fine-tune to its bases, and the share history', async () => {
    const [m0, m1] = models
    const data = await gql(`{
      upstreamRoyalties(where: { fineTunedModel: { id_eq: "${m1.id}" }, level_gt: 0 }, orderBy: [blockNumber_ASC]) {
        level model { id } kept
      }
      upstreamSharePolicies(orderBy: [fromBlock_ASC, fromLogIndex_ASC]) { upstreamShareBps }
    }`)
    const logs = (await royaltyLogs()).filter((l) => l.args.level === 1)
    const fromM1 = new Set(
      (await royaltyLogs())
        .filter((l) => l.args.level === 0 && l.args.modelId === m1.id)
        .map((l) => l.args.inferenceId),
    )
    expect(data.upstreamRoyalties).toEqual(
      logs
        .filter((l) => fromM1.has(l.args.inferenceId))
        .map((l) => ({ level: 1, model: { id: String(m0.id) }, kept: String(l.args.kept) })),
    )
    expect(data.upstreamRoyalties).toHaveLength(2)
    expect(data.upstreamSharePolicies).toEqual([{ upstreamShareBps: 2000 }, { upstreamShareBps: 3000 }])
  })
})
