/**
 * The attribution oracle: a bonded validator that watches fulfilled inferences, recomputes the
 * attribution of each with the model's published package, and settles them on the InferenceRouter.
 * Inferences fulfilled together are scored in one ONNX run per model version (batching is what
 * makes the memory-bound score pass cheap).
 */
import { type Hex, parseEventLogs } from 'viem'
import { inferenceRouterAbi, modelRegistryAbi, policyRegistryAbi } from '../abi/viem'
import { createModelScorerCache, type ModelScorer } from '../attribution/modelScorer'
import { attributeLineage } from './attributeLineage'
import { OracleConfigError } from './errors'
import { inferenceGroups } from './inferenceGroups'
import { lineageLevels } from './lineageLevels'
import type { Oracle, OracleOptions, OracleSettlement } from './oracleTypes'
import { settlementTx } from './settlementTx'

export type {
  Oracle,
  OracleOptions,
  OracleSettlement,
  OracleTx,
  SettledWeight,
  TamperContext,
} from './oracleTypes'

/**
 * Creates an oracle bound to the manifest's InferenceRouter, ModelRegistry and PolicyRegistry.
 *
 * @throws {OracleConfigError} when the manifest lacks one of those contracts.
 * @example
 * const oracle = createOracle({ publicClient, manifest, validator, store, send: (txs) => sendBatch(rpcUrl, txs) })
 * const settled = await oracle.poll()
 */
export function createOracle(options: OracleOptions): Oracle {
  const { publicClient, manifest, validator, store, log = () => {} } = options
  const router = manifest.contracts.InferenceRouter
  const registry = manifest.contracts.ModelRegistry
  const policy = manifest.contracts.PolicyRegistry
  if (!router || !registry || !policy)
    throw new OracleConfigError('the manifest must list InferenceRouter, ModelRegistry and PolicyRegistry')
  let cursor = options.fromBlock ?? BigInt(router.startBlock)
  const scorers = options.scorers ?? createModelScorerCache(store, { device: options.device })
  const opened = new Set<Hex>()
  let device: string | undefined

  const modelFor = async (modelId: bigint, version: number): Promise<ModelScorer> => {
    const [artifactHash] = await publicClient.readContract({
      address: registry.address,
      abi: modelRegistryAbi,
      functionName: 'modelVersion',
      args: [modelId, version],
    })
    const model = await scorers.get(artifactHash)
    if (!opened.has(artifactHash)) {
      opened.add(artifactHash)
      device = model.scorer.device
      log(
        `model ${modelId} v${version}: ${model.pkg.training.length} training examples, scoring on ${device}`,
      )
    }
    return model
  }

  return {
    device: () => device,
    async close() {
      // A shared cache belongs to whoever created it.
      if (!options.scorers) await scorers.close()
    },
    async poll() {
      const head = await publicClient.getBlockNumber({ cacheTime: 0 })
      if (head < cursor) return []
      const logs = await publicClient.getLogs({
        address: router.address,
        fromBlock: cursor,
        toBlock: head,
      })
      cursor = head + 1n
      const fulfilled = parseEventLogs({ abi: inferenceRouterAbi, logs, eventName: 'InferenceFulfilled' })
      if (fulfilled.length === 0) return []
      const [topK, minWeightPpm] = await publicClient.readContract({
        address: policy.address,
        abi: policyRegistryAbi,
        functionName: 'settlementLimits',
      })
      const mine = fulfilled
        .map((e) => e.args.inferenceId)
        .filter((id) => !options.accepts || options.accepts(id))
      const settlements: OracleSettlement[] = []
      for (const g of await inferenceGroups(publicClient, router.address, mine)) {
        const levels = await lineageLevels(publicClient, registry.address, g.modelId, g.version)
        settlements.push(
          ...(await attributeLineage(
            g,
            levels,
            modelFor,
            store,
            { topK, minWeightPpm },
            { ...options, log },
          )),
        )
      }
      await options.send(settlements.map((s) => settlementTx(validator, router.address, s)))
      return settlements
    },
  }
}
