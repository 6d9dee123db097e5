import { type Log, parseEventLogs } from 'viem'
import { datanetRegistryAbi, inferenceRouterAbi, modelRegistryAbi, policyRegistryAbi } from '../abi/viem'
import type { AttributionPolicy, FeePolicy, SettlementRecord } from './auditTypes'
import { AuditInputError } from './errors'
import { lineageFromLogs } from './lineageFromLogs'
import { policyInForce } from './policyInForce'
import { trainedVersions } from './trainedVersions'

/**
 * Joins each `InferenceSettled` with what it was settled under: its request, the published model
 * version, the sealed datanet versions it was trained on, the fee and attribution policies in
 * force, and the rewards paid (and, for a lineage settlement, each level: `lineageFromLogs`). Every link must be in the logs: a settlement the chain cannot
 * explain is a broken source, not something to audit around.
 *
 * @throws {AuditInputError} when a settlement's request, model version, sealed datanet version or
 *   policy is missing from the logs.
 * @example
 * const records = settlementRecordsFromLogs({ routerLogs, modelLogs, datanetLogs, policyLogs, inferenceIds: [7n] })
 */
export function settlementRecordsFromLogs(logs: {
  routerLogs: Log[]
  modelLogs: Log[]
  datanetLogs: Log[]
  policyLogs: Log[]
  /** Only these inferences (default: every settled one). */
  inferenceIds?: readonly bigint[]
}): SettlementRecord[] {
  const { routerLogs, modelLogs, datanetLogs, policyLogs, inferenceIds } = logs
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

  const lineageOf = lineageFromLogs({ routerLogs, modelLogs, policyLogs }, versions, sealed)
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
    const trainedOn = trainedVersions(v, sealed)
    const fp = policyInForce(feePolicies, s).args
    const ap = policyInForce(attributionPolicies, s).args
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
      ...lineageOf(s),
    })
  }
  return records
}
