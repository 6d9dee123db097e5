/**
 * Measures the auditor's own cost outside scoring by running the real `auditSettlements` with a
 * stub scorer (the real package's training list, no ONNX): two record counts give the fixed cost
 * per run and the marginal cost per record. That tells, in seconds rather than hours, whether a
 * full audit of every record fits the bench's time budget.
 */
import type { Hex } from 'viem'
import type { ArtifactStore } from '../../../src/attribution/artifactStore'
import type { ModelPackage } from '../../../src/attribution/modelPackage'
import type { ModelScorer, ModelScorerCache } from '../../../src/attribution/modelScorer'
import { auditSettlements } from '../../../src/audit/auditSettlements'
import type { ContributionRecord, SettlementRecord } from '../../../src/audit/auditTypes'

export type Probe = { sizes: [number, number]; ms: [number, number]; fixedMs: number; perRecordMs: number }

function stubCache(pkg: ModelPackage, artifactHash: Hex): ModelScorerCache {
  const model = {
    artifactHash,
    pkg,
    checkpoints: [],
    cached: true,
    query: () => ({ label: 0, h: [], delta: [] }),
    queryBatch: async (inputs: unknown[]) => inputs.map(() => ({ label: 0, h: [], delta: [] })),
    release: async () => {},
    scorer: {
      device: 'cpu',
      attributeBatch: async (qs: unknown[]) => qs.map(() => ({ label: 0, weights: [] })),
    },
  } as unknown as ModelScorer
  return { get: async () => model, close: async () => {} }
}

/**
 * Audits 1 then 2 records with the stub; when the second record costs little next to the first
 * (a per-run cost, not a per-record one), a 201-record run fits the marginal cost without the
 * per-run cost's noise.
 *
 * @example
 * const p = await probeOverhead(records, store, contributionsOf)
 */
export async function probeOverhead(
  records: readonly SettlementRecord[],
  store: ArtifactStore,
  contributionsOf: (datanetId: bigint) => Promise<ContributionRecord[]>,
): Promise<Probe> {
  const hash = records[0].artifactHash
  const pkg = JSON.parse(new TextDecoder().decode(await store.get(hash))) as ModelPackage
  const scorers = stubCache(pkg, hash)
  const run = async (n: number) => {
    const t = performance.now()
    await auditSettlements(records.slice(0, n), { store, scorers, contributionsOf })
    return performance.now() - t
  }
  const t1 = await run(1)
  let sizes: [number, number] = [1, 2]
  let ms: [number, number] = [t1, await run(2)]
  if (ms[1] - ms[0] < 0.25 * ms[0] && records.length > 2) {
    sizes = [1, Math.min(201, records.length)]
    ms = [t1, await run(sizes[1])]
  }
  const perRecordMs = Math.max(0, (ms[1] - ms[0]) / (sizes[1] - sizes[0]))
  return { sizes, ms, perRecordMs, fixedMs: Math.max(0, ms[0] - perRecordMs) }
}
