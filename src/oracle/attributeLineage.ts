import type { ArtifactStore } from '../attribution/artifactStore'
import type { ModelScorer } from '../attribution/modelScorer'
import { attributeGroup } from './attributeGroup'
import type { InferenceGroup } from './inferenceGroups'
import type { LineageStep } from './lineageLevels'
import type { OracleOptions, OracleSettlement } from './oracleTypes'

/**
 * The settlements of a group of inferences of a fine-tuned version: level 0 with the version's own
 * model (passed through `tamper`), then each base's own attribution of the same inputs with the
 * base's model over the base's training set (passed through `tamperUpstream`). An inference that
 * some level cannot attribute (no positive influence there) is left unsettled: the router needs
 * every level.
 *
 * @example
 * const settlements = await attributeLineage(group, levels, modelFor, store, limits, { log })
 */
export async function attributeLineage(
  group: InferenceGroup,
  levels: readonly LineageStep[],
  modelFor: (modelId: bigint, version: number) => Promise<ModelScorer>,
  store: ArtifactStore,
  limits: { topK: number; minWeightPpm: number },
  opts: Pick<OracleOptions, 'tamper' | 'tamperUpstream'> & { log: (line: string) => void },
): Promise<OracleSettlement[]> {
  const own = await attributeGroup(group, await modelFor(group.modelId, group.version), store, limits, opts)
  if (levels.length === 1) return own
  const upstream: Map<bigint, OracleSettlement>[] = []
  for (const base of levels.slice(1)) {
    const model = await modelFor(base.modelId, base.version)
    const settled = await attributeGroup({ ...group, modelId: base.modelId }, model, store, limits, {
      log: opts.log,
    })
    upstream.push(new Map(settled.map((s) => [s.inferenceId, s])))
  }
  const out: OracleSettlement[] = []
  for (const s of own) {
    const bases = upstream.map((m) => m.get(s.inferenceId)?.weights)
    if (bases.some((w) => !w)) {
      opts.log(`inference ${s.inferenceId}: a base level has no positive attribution — left unsettled`)
      continue
    }
    let weights = bases as OracleSettlement['weights'][]
    if (opts.tamperUpstream) weights = await opts.tamperUpstream(s.inferenceId, weights)
    out.push({ ...s, upstream: weights })
  }
  return out
}
