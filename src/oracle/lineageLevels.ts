import type { Address, PublicClient } from 'viem'
import { modelRegistryAbi } from '../abi/viem'

/** A model version of a lineage, level 0 first. */
export type LineageStep = { modelId: bigint; version: number }

/**
 * The version and each base above it as the ModelRegistry records them (`lineageOf`), nearest
 * first: what `settleWithLineage` wants one attribution for per level. One entry for a version
 * that was not fine-tuned.
 *
 * @example
 * const levels = await lineageLevels(publicClient, registry, 3n, 1) // [{ modelId: 3n, version: 1 }, { modelId: 1n, version: 1 }]
 */
export async function lineageLevels(
  publicClient: PublicClient,
  registry: Address,
  modelId: bigint,
  version: number,
): Promise<LineageStep[]> {
  const levels: LineageStep[] = [{ modelId, version }]
  for (;;) {
    const last = levels[levels.length - 1]
    const [baseModelId, baseVersion, depth] = await publicClient.readContract({
      address: registry,
      abi: modelRegistryAbi,
      functionName: 'lineageOf',
      args: [last.modelId, last.version],
    })
    // The registry bounds depth (MAX_LINEAGE_DEPTH), so this ends.
    if (depth === 0) return levels
    levels.push({ modelId: baseModelId, version: baseVersion })
  }
}
