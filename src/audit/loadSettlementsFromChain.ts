/**
 * Builds audit inputs straight from the chain's logs (no database): for one-shot audits against a
 * node, and as the independent reference the database-backed loader is tested against.
 */
import type { Address, Log, PublicClient } from 'viem'
import type { Manifest } from '../manifest/manifest'
import { acceptedContributionsFromLogs } from './acceptedContributionsFromLogs'
import type { ContributionRecord, SettlementRecord } from './auditTypes'
import { AuditInputError } from './errors'
import { settlementRecordsFromLogs } from './settlementRecordsFromLogs'

/**
 * Reads every event the audit needs from `fromBlock` (default: the earliest start block) to the
 * head and returns the settled inferences plus a contributions lookup.
 *
 * @throws {AuditInputError} when the manifest lacks an AI-side contract, or the logs do not explain
 *   a settlement (see {@link settlementRecordsFromLogs}) or a review.
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
  const records = settlementRecordsFromLogs({ routerLogs, modelLogs, datanetLogs, policyLogs, inferenceIds })
  const accepted = acceptedContributionsFromLogs(datanetLogs)
  return { records, contributionsOf: async (datanetId) => accepted.get(datanetId) ?? [] }
}
