import { type Hex, type Log, parseEventLogs } from 'viem'
import { inferenceRouterAbi, modelRegistryAbi, policyRegistryAbi } from '../abi/viem'
import type { Lineage, LineageLevel } from './auditTypes'
import { AuditInputError } from './errors'
import { type LogPosition, policyInForce } from './policyInForce'
import { type SealedVersion, trainedVersions } from './trainedVersions'

type PublishedVersion = {
  artifactHash: Hex
  attributionMethod: string
  datanetIds: readonly bigint[]
  datanetVersions: readonly number[]
}

/**
 * Prepares, from the logs, the lineage of lineage settlements: per `UpstreamRoyaltyPaid` level its
 * model version (artifact, method, sealed versions), the base the registry records for it
 * (`ModelVersionFineTuned`), its money and its rewards (the `ContributionRewarded` logs between the
 * previous level's event and its own), with the upstream share in force at the settlement. The
 * returned function gives `{ lineage }` for a settlement settled with levels, `{}` otherwise.
 *
 * @throws {AuditInputError} (from the returned function) when a level's model version, its sealed
 *   versions or the upstream share in force is missing from the logs.
 * @example
 * const lineageOf = lineageFromLogs({ routerLogs, modelLogs, policyLogs }, versions, sealed)
 * const record = { ...fields, ...lineageOf(settledEvent) }
 */
export function lineageFromLogs(
  logs: { routerLogs: Log[]; modelLogs: Log[]; policyLogs: Log[] },
  versions: ReadonlyMap<string, PublishedVersion>,
  sealed: ReadonlyMap<string, SealedVersion>,
): (settled: LogPosition & { transactionHash: Hex; args: { inferenceId: bigint } }) => { lineage?: Lineage } {
  const royalties = parseEventLogs({
    abi: inferenceRouterAbi,
    logs: logs.routerLogs,
    eventName: 'UpstreamRoyaltyPaid',
  })
  if (royalties.length === 0) return () => ({})
  const rewards = parseEventLogs({
    abi: inferenceRouterAbi,
    logs: logs.routerLogs,
    eventName: 'ContributionRewarded',
  })
  const bases = new Map(
    parseEventLogs({ abi: modelRegistryAbi, logs: logs.modelLogs, eventName: 'ModelVersionFineTuned' }).map(
      (e) => [
        `${e.args.modelId}:${e.args.version}`,
        { modelId: e.args.baseModelId, modelVersion: e.args.baseVersion },
      ],
    ),
  )
  const shares = parseEventLogs({
    abi: policyRegistryAbi,
    logs: logs.policyLogs,
    eventName: 'UpstreamSharePolicyUpdated',
  })
  return (settled) => {
    const id = settled.args.inferenceId
    const tx = settled.transactionHash
    const mine = royalties.filter((r) => r.args.inferenceId === id && r.transactionHash === tx)
    if (mine.length === 0) return {}
    const paid = rewards.filter((r) => r.args.inferenceId === id && r.transactionHash === tx)
    const levels = mine.map((r, l): LineageLevel => {
      const key = `${r.args.modelId}:${r.args.modelVersion}`
      const v = versions.get(key)
      if (!v)
        throw new AuditInputError(
          `model ${r.args.modelId} version ${r.args.modelVersion} was never published`,
        )
      const after = l === 0 ? -1 : mine[l - 1].logIndex
      return {
        level: r.args.level,
        modelId: r.args.modelId,
        modelVersion: r.args.modelVersion,
        artifactHash: v.artifactHash,
        attributionMethod: v.attributionMethod,
        trainedOn: trainedVersions(v, sealed),
        base: bases.get(key) ?? null,
        amount: r.args.amount,
        kept: r.args.kept,
        paid: r.args.paid,
        rewards: paid
          .filter((w) => w.logIndex > after && w.logIndex < r.logIndex)
          .map((w) => ({
            contributionId: w.args.contributionId,
            contributor: w.args.contributor,
            amount: w.args.amount,
            weightPpm: w.args.weightPpm,
          })),
      }
    })
    return { lineage: { upstreamShareBps: policyInForce(shares, settled).args.upstreamShareBps, levels } }
  }
}
