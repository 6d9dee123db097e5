import type { Address, Hex, PublicClient } from 'viem'
import { inferenceRouterAbi } from '../abi/viem'

/** Status values of `InferenceRouter.inferenceOf(id).status`. */
const FULFILLED = 2

/** Fulfilled, unsettled inferences of one model version, with their inputs' hashes. */
export type InferenceGroup = { modelId: bigint; version: number; ids: bigint[]; inputs: Hex[] }

/**
 * Reads the state of each inference and groups those still fulfilled (not yet settled by another
 * validator) by model version, so each group is one batched ONNX run. The reads are concurrent,
 * which the transport sends as one JSON-RPC batch.
 *
 * @example
 * const groups = await inferenceGroups(publicClient, router.address, [12n, 13n])
 */
export async function inferenceGroups(
  publicClient: PublicClient,
  router: Address,
  inferenceIds: readonly bigint[],
): Promise<InferenceGroup[]> {
  const infos = await Promise.all(
    inferenceIds.map((id) =>
      publicClient.readContract({
        address: router,
        abi: inferenceRouterAbi,
        functionName: 'inferenceOf',
        args: [id],
      }),
    ),
  )
  const groups = new Map<string, InferenceGroup>()
  inferenceIds.forEach((id, i) => {
    const inf = infos[i]
    // Another validator may have settled it already.
    if (inf.status !== FULFILLED) return
    const key = `${inf.modelId}:${inf.modelVersion}`
    const g = groups.get(key) ?? { modelId: inf.modelId, version: inf.modelVersion, ids: [], inputs: [] }
    g.ids.push(id)
    g.inputs.push(inf.inputHash)
    groups.set(key, g)
  })
  return [...groups.values()]
}
