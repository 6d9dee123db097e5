/**
 * Builds audit inputs straight from the chain's logs (no database): for one-shot audits against a
 * node, and as the independent reference the database-backed loader is tested against.
 */
import { type Address, type Hex, type Log, type PublicClient, parseEventLogs } from 'viem'
import { datanetRegistryAbi, inferenceRouterAbi, modelRegistryAbi, policyRegistryAbi } from '../abi/viem'
import type { Manifest } from '../manifest/manifest'
import type {
  AttributionPolicy,
  ContributionRecord,
  FeePolicy,
  SettlementRecord,
  TrainedVersion,
} from './auditTypes'
import { AuditInputError } from './errors'

type Pos = { blockNumber: bigint; logIndex: number }
const before = (a: Pos, b: Pos) =>
  a.blockNumber < b.blockNumber || (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex)

/**
 * Reads every event the audit needs from `fromBlock` (default: the earliest start block) to the
 * head and returns the settled inferences plus a contributions lookup.
 *
 * @throws {AuditInputError} when the manifest lacks an AI-side contract.
 * @example
 * const { records, contributionsOf } = await loadSettlementsFromChain({ publicClient, manifest })
 */
export async function loadSettlementsFromChain({
  publicClient,
  manifest,
  inferenceIds,
}: {
  publicClient: PublicClient
  manifest: Manifest
  /** Only these inferences (default: every settled one). */
  inferenceIds?: readonly bigint[]
}): Promise<{
  records: SettlementRecord[]
  contributionsOf: (datanetId: bigint) => Promise<ContributionRecord[]>
}> {
  const c = manifest.contracts
  if (!c.InferenceRouter || !c.ModelRegistry || !c.DatanetRegistry || !c.PolicyRegistry)
    throw new AuditInputError(
      'the manifest must list InferenceRouter, ModelRegistry, DatanetRegistry and PolicyRegistry',
    )
  const fetch = async (address: Address, startBlock: number): Promise<Log[]> =>
    publicClient.getLogs({ address, fromBlock: BigInt(startBlock), toBlock: 'latest' })
  const [routerLogs, modelLogs, datanetLogs, policyLogs] = await Promise.all([
    fetch(c.InferenceRouter.address, c.InferenceRouter.startBlock),
    fetch(c.ModelRegistry.address, c.ModelRegistry.startBlock),
    fetch(c.DatanetRegistry.address, c.DatanetRegistry.startBlock),
    fetch(c.PolicyRegistry.address, c.PolicyRegistry.startBlock),
  ])

  const requested = new Map(
    parseEventLogs({ abi: inferenceRouterAbi, logs: routerLogs, eventName: 'InferenceRequested' }).map(
      (e) => [e.args.inferenceId, e.args],
    ),
  )
  const rewards = parseEventLogs({
    abi: inferenceRouterAbi,
    logs: routerLogs,
    eventName: 'ContributionRewarded',
  })
  const versions = new Map(
    parseEventLogs({ abi: modelRegistryAbi, logs: modelLogs, eventName: 'ModelVersionPublished' }).map(
      (e) => [`${e.args.modelId}:${e.args.version}`, e.args],
    ),
  )
  const sealed = new Map(
    parseEventLogs({ abi: datanetRegistryAbi, logs: datanetLogs, eventName: 'DatanetVersionSealed' }).map(
      (e) => [`${e.args.datanetId}:${e.args.version}`, e.args],
    ),
  )
  const feePolicies = parseEventLogs({
    abi: policyRegistryAbi,
    logs: policyLogs,
    eventName: 'FeePolicyUpdated',
  })
  const attributionPolicies = parseEventLogs({
    abi: policyRegistryAbi,
    logs: policyLogs,
    eventName: 'AttributionPolicyUpdated',
  })
  const inForce = <T extends Pos>(updates: T[], at: Pos): T => {
    let current: T | undefined
    for (const u of updates) if (before(u, at)) current = u
    if (!current) throw new AuditInputError(`no policy in force at block ${at.blockNumber}`)
    return current
  }

  const wanted = inferenceIds ? new Set(inferenceIds) : undefined
  const records: SettlementRecord[] = []
  for (const s of parseEventLogs({
    abi: inferenceRouterAbi,
    logs: routerLogs,
    eventName: 'InferenceSettled',
  })) {
    const id = s.args.inferenceId
    if (wanted && !wanted.has(id)) continue
    const req = requested.get(id)
    if (!req) throw new AuditInputError(`inference ${id} was settled but its request is not in the logs`)
    const v = versions.get(`${req.modelId}:${req.modelVersion}`)
    if (!v) throw new AuditInputError(`model ${req.modelId} version ${req.modelVersion} was never published`)
    const trainedOn: TrainedVersion[] = v.datanetIds.map((datanetId, i) => {
      const seal = sealed.get(`${datanetId}:${v.datanetVersions[i]}`)
      if (!seal)
        throw new AuditInputError(`datanet ${datanetId} version ${v.datanetVersions[i]} was never sealed`)
      return {
        datanetId,
        version: v.datanetVersions[i],
        merkleRoot: seal.merkleRoot,
        contributionCount: Number(seal.contributionCount),
      }
    })
    const fp = inForce(feePolicies, s).args
    const ap = inForce(attributionPolicies, s).args
    records.push({
      inferenceId: id,
      modelId: req.modelId,
      modelVersion: req.modelVersion,
      artifactHash: v.artifactHash,
      attributionMethod: v.attributionMethod,
      inputHash: req.inputHash,
      fee: req.fee,
      blockNumber: Number(s.blockNumber),
      validator: s.args.validator,
      payouts: {
        protocol: s.args.protocolAmount,
        modelOwner: s.args.modelOwnerAmount,
        stakers: s.args.stakersAmount,
        contributors: s.args.contributorsAmount,
        dust: s.args.dust,
      },
      rewards: rewards
        .filter((r) => r.args.inferenceId === id)
        .map((r) => ({
          contributionId: r.args.contributionId,
          contributor: r.args.contributor,
          amount: r.args.amount,
          weightPpm: r.args.weightPpm,
        })),
      feePolicy: { ...fp } as FeePolicy,
      attributionPolicy: { ...ap } as AttributionPolicy,
      trainedOn,
    })
  }

  const submitted = new Map(
    parseEventLogs({ abi: datanetRegistryAbi, logs: datanetLogs, eventName: 'ContributionSubmitted' }).map(
      (e) => [e.args.contributionId, e.args],
    ),
  )
  const accepted = new Map<bigint, ContributionRecord[]>()
  for (const r of parseEventLogs({
    abi: datanetRegistryAbi,
    logs: datanetLogs,
    eventName: 'ContributionReviewed',
  })) {
    if (!r.args.accepted) continue
    const sub = submitted.get(r.args.contributionId)
    if (!sub)
      throw new AuditInputError(`contribution ${r.args.contributionId} was reviewed but never submitted`)
    const list = accepted.get(sub.datanetId) ?? []
    list.push({
      id: sub.contributionId,
      datanetId: sub.datanetId,
      contributor: sub.contributor,
      contentHash: sub.contentHash as Hex,
      acceptanceIndex: list.length,
    })
    accepted.set(sub.datanetId, list)
  }
  return { records, contributionsOf: async (datanetId) => accepted.get(datanetId) ?? [] }
}
