import { type Hex, type Log, parseEventLogs } from 'viem'
import { datanetRegistryAbi } from '../abi/viem'
import type { ContributionRecord } from './auditTypes'
import { AuditInputError } from './errors'

/**
 * The accepted contributions of every datanet from the DatanetRegistry's logs, in acceptance order
 * (the order the registry appends them to the datanet's Merkle tree, which `acceptanceIndex`
 * records so the auditor can rebuild the sealed root).
 *
 * @throws {AuditInputError} when a review names a contribution that was never submitted.
 * @example
 * const accepted = acceptedContributionsFromLogs(await publicClient.getLogs({ address: registry, fromBlock: 0n }))
 * const ofDatanet1 = accepted.get(1n) ?? []
 */
export function acceptedContributionsFromLogs(datanetLogs: Log[]): Map<bigint, ContributionRecord[]> {
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
  return accepted
}
