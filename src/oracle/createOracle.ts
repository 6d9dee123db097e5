/**
 * The attribution oracle: a bonded validator that watches fulfilled inferences, recomputes the
 * attribution of each with the model's published package, and settles them on the InferenceRouter.
 * Inferences fulfilled together are scored in one ONNX run per model version (batching is what
 * makes the memory-bound score pass cheap).
 */
import { type Address, encodeFunctionData, type Hex, type PublicClient, parseEventLogs } from 'viem'
import { inferenceRouterAbi, modelRegistryAbi, policyRegistryAbi } from '../abi/viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import { NoPositiveAttributionError } from '../attribution/errors'
import type { InferenceQuery } from '../attribution/inferenceQuery'
import { createModelScorerCache, type ModelScorer, type ModelScorerCache } from '../attribution/modelScorer'
import type { AttributionDevice } from '../attribution/onnx/createSession'
import type { Manifest } from '../manifest/manifest'
import { OracleConfigError } from './errors'

/**
 * A settlement transaction as the oracle hands it to its sender: who signs it, the router, the
 * encoded `settle` call and a label for errors. Any sender that takes these works (a devnet batch
 * sender, a wallet).
 */
export type OracleTx = { from: Address; to: Address; data: Hex; label: string }

/** Status values of `InferenceRouter.inferenceOf(id).status`. */
const FULFILLED = 2

export type OracleOptions = {
  publicClient: PublicClient
  manifest: Manifest
  /** The validator account (must be bonded to settle). */
  validator: Address
  store: ArtifactStore
  /** Sends transactions (e.g. `sendBatch` on a devnet, a wallet elsewhere). */
  send: (txs: OracleTx[]) => Promise<unknown>
  device?: AttributionDevice
  /** Model scorers shared with other oracles of this process. @default a private cache */
  scorers?: ModelScorerCache
  /** First block to look for fulfilments in. @default the router's start block */
  fromBlock?: bigint
  /** Which fulfilled inferences this oracle takes (validators share the work). @default all */
  accepts?: (inferenceId: bigint) => boolean
  /**
   * Turns the honest weights into the ones settled (the demo's dishonest oracle), with the model
   * and query for cheats that need more scores. @default identity
   */
  tamper?: (
    inferenceId: bigint,
    weights: SettledWeight[],
    context: TamperContext,
  ) => SettledWeight[] | Promise<SettledWeight[]>
  log?: (line: string) => void
}

export type SettledWeight = { contributionId: bigint; weightPpm: number }

/** What a {@link OracleOptions.tamper} sees besides the honest weights. */
export type TamperContext = {
  model: ModelScorer
  query: InferenceQuery
  /** The raw inference input (from the artifact store). */
  input: Uint8Array
  topK: number
  minWeightPpm: number
}

export type OracleSettlement = { inferenceId: bigint; modelId: bigint; weights: SettledWeight[] }

export type Oracle = {
  /** Settles every inference fulfilled since the last poll; returns what it settled. */
  poll(): Promise<OracleSettlement[]>
  /** Which execution provider scored (after the first model was opened). */
  device(): string | undefined
  /** Frees the ONNX sessions. */
  close(): Promise<void>
}

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
      // Group by model version so each group is one batched ONNX run.
      const groups = new Map<string, { modelId: bigint; version: number; ids: bigint[]; inputs: Hex[] }>()
      // One round trip for all statuses (the transport batches concurrent calls).
      const mine = fulfilled
        .map((e) => e.args.inferenceId)
        .filter((id) => !options.accepts || options.accepts(id))
      const infos = await Promise.all(
        mine.map((id) =>
          publicClient.readContract({
            address: router.address,
            abi: inferenceRouterAbi,
            functionName: 'inferenceOf',
            args: [id],
          }),
        ),
      )
      mine.forEach((id, i) => {
        const inf = infos[i]
        // Another validator may have settled it already.
        if (inf.status !== FULFILLED) return
        const key = `${inf.modelId}:${inf.modelVersion}`
        const g = groups.get(key) ?? { modelId: inf.modelId, version: inf.modelVersion, ids: [], inputs: [] }
        g.ids.push(id)
        g.inputs.push(inf.inputHash)
        groups.set(key, g)
      })
      const settlements: OracleSettlement[] = []
      for (const g of groups.values()) {
        const model = await modelFor(g.modelId, g.version)
        const queries = []
        const inputs: Uint8Array[] = []
        for (const h of g.inputs) {
          inputs.push(await store.get(h))
          queries.push(model.query(inputs[inputs.length - 1]))
        }
        const results = await model.scorer.attributeBatch(queries, { topK, minWeightPpm })
        for (const [i, r] of results.entries()) {
          if (r instanceof NoPositiveAttributionError) {
            log(`inference ${g.ids[i]}: ${r.shortMessage} — left unsettled`)
            continue
          }
          let weights = r.weights.map((w) => ({
            contributionId: BigInt(w.contributionId),
            weightPpm: w.weightPpm,
          }))
          if (options.tamper)
            weights = await options.tamper(g.ids[i], weights, {
              model,
              query: queries[i],
              input: inputs[i],
              topK,
              minWeightPpm,
            })
          settlements.push({ inferenceId: g.ids[i], modelId: g.modelId, weights })
        }
      }
      await options.send(
        settlements.map((s) => ({
          from: validator,
          to: router.address,
          label: `settle inference ${s.inferenceId}`,
          data: encodeFunctionData({
            abi: inferenceRouterAbi,
            functionName: 'settle',
            args: [s.inferenceId, s.weights.map((w) => w.contributionId), s.weights.map((w) => w.weightPpm)],
          }),
        })),
      )
      return settlements
    },
  }
}
