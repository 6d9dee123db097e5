import type { ArtifactStore } from '../attribution/artifactStore'
import { NoPositiveAttributionError } from '../attribution/errors'
import type { ModelScorer } from '../attribution/modelScorer'
import type { InferenceGroup } from './inferenceGroups'
import type { OracleOptions, OracleSettlement } from './oracleTypes'

/**
 * The settlements of one group of inferences: inputs read from the artifact store, scored in one
 * batch, weights passed through `tamper` when given. An inference no contribution supports is
 * logged and left unsettled: settling it with no weights would pay its contributors' share to
 * nobody.
 *
 * @example
 * const settlements = await attributeGroup(group, model, store, { topK: 10, minWeightPpm: 1000 }, { log })
 */
export async function attributeGroup(
  group: InferenceGroup,
  model: ModelScorer,
  store: ArtifactStore,
  limits: { topK: number; minWeightPpm: number },
  opts: Pick<OracleOptions, 'tamper'> & { log: (line: string) => void },
): Promise<OracleSettlement[]> {
  const { topK, minWeightPpm } = limits
  const queries = []
  const inputs: Uint8Array[] = []
  for (const h of group.inputs) {
    inputs.push(await store.get(h))
    queries.push(model.query(inputs[inputs.length - 1]))
  }
  const results = await model.scorer.attributeBatch(queries, { topK, minWeightPpm })
  const settlements: OracleSettlement[] = []
  for (const [i, r] of results.entries()) {
    if (r instanceof NoPositiveAttributionError) {
      opts.log(`inference ${group.ids[i]}: ${r.shortMessage} — left unsettled`)
      continue
    }
    let weights = r.weights.map((w) => ({
      contributionId: BigInt(w.contributionId),
      weightPpm: w.weightPpm,
    }))
    if (opts.tamper)
      weights = await opts.tamper(group.ids[i], weights, {
        model,
        query: queries[i],
        input: inputs[i],
        topK,
        minWeightPpm,
      })
    settlements.push({ inferenceId: group.ids[i], modelId: group.modelId, weights })
  }
  return settlements
}
