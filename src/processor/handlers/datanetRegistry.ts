import { events } from '../../abi/DatanetRegistry'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import {
  AnomalyKind,
  Contribution,
  ContributionStatus,
  Datanet,
  DatanetCurator,
  DatanetVersion,
} from '../../model'
import { nftTransfer } from './nftTransfer'
import { upgraded } from './upgraded'

/**
 * DatanetRegistry: datanets (ERC-721), curators, contributions with their review and acceptance
 * order (= position in the datanet's Merkle tree), sealed versions, token transfers.
 *
 * @example
 * handlersByName.DatanetRegistry === datanetRegistryHandlers
 */
export const datanetRegistryHandlers: ContractHandlers = {
  name: 'DatanetRegistry',
  handlers: [
    on(events.DatanetCreated, {
      prefetch: (e, p) => {
        p.add(Datanet, e.datanetId.toString())
        p.account(e.owner)
      },
      apply: (e, c) => {
        const d = c.forUpdate(Datanet, e.datanetId.toString())
        d.owner = c.account(e.owner)
        d.name = e.name
        d.metadataURI = e.metadataURI
        d.createdAtBlock = c.pos.blockNumber
        d.createdAt = c.date
      },
    }),
    on(events.CuratorSet, {
      prefetch: (e, p) => {
        p.add(Datanet, e.datanetId.toString())
        p.account(e.curator)
      },
      apply: (e, c) => {
        const curator = c.account(e.curator)
        c.save(
          new DatanetCurator({
            id: `${e.datanetId}-${curator.id}`,
            datanet: c.forUpdate(Datanet, e.datanetId.toString()),
            curator,
            enabled: e.enabled,
            updatedAtBlock: c.pos.blockNumber,
          }),
        )
      },
    }),
    on(events.ContributionSubmitted, {
      prefetch: (e, p) => {
        p.add(Datanet, e.datanetId.toString())
        p.add(Contribution, e.contributionId.toString())
        p.account(e.contributor)
      },
      apply: (e, c) => {
        const datanet = c.forUpdate(Datanet, e.datanetId.toString())
        const contributor = c.account(e.contributor)
        const k = c.forUpdate(Contribution, e.contributionId.toString())
        Object.assign(k, {
          datanet,
          contributor,
          contentHash: e.contentHash,
          size: e.size,
          metadataURI: e.metadataURI,
          tags: e.tags,
          status: ContributionStatus.PENDING,
          acceptanceIndex: null,
          submittedAtBlock: c.pos.blockNumber,
          submittedAt: c.date,
          txHash: c.pos.txHash,
        })
        datanet.contributionCount += 1
        contributor.contributionCount += 1
        c.day().contributions += 1
      },
    }),
    on(events.ContributionReviewed, {
      prefetch: (e, p) => {
        p.add(Datanet, e.datanetId.toString())
        p.add(Contribution, e.contributionId.toString())
        p.account(e.curator)
      },
      apply: (e, c) => {
        const datanet = c.forUpdate(Datanet, e.datanetId.toString())
        const k = c.forUpdate(Contribution, e.contributionId.toString())
        if (k.status == null)
          c.anomaly(AnomalyKind.INCONSISTENT_STATE, `review of contribution ${k.id}, never submitted`)
        else if (k.status !== ContributionStatus.PENDING)
          c.anomaly(AnomalyKind.INCONSISTENT_STATE, `contribution ${k.id} reviewed while ${k.status}`)
        k.curator = c.account(e.curator)
        k.reviewedAtBlock = c.pos.blockNumber
        if (e.accepted) {
          k.status = ContributionStatus.ACCEPTED
          // Accepted contributions are appended to the datanet's tree in acceptance order.
          k.acceptanceIndex = BigInt(datanet.acceptedCount)
          datanet.acceptedCount += 1
          c.day().acceptedContributions += 1
        } else {
          k.status = ContributionStatus.REJECTED
          datanet.rejectedCount += 1
        }
      },
    }),
    on(events.DatanetVersionSealed, {
      prefetch: (e, p) => p.add(Datanet, e.datanetId.toString()),
      apply: (e, c) => {
        const datanet = c.forUpdate(Datanet, e.datanetId.toString())
        datanet.versionCount = Math.max(datanet.versionCount, e.version)
        c.save(
          new DatanetVersion({
            id: `${e.datanetId}-${e.version}`,
            datanet,
            version: e.version,
            merkleRoot: e.merkleRoot,
            contributionCount: e.contributionCount,
            sealedAtBlock: c.pos.blockNumber,
            sealedAt: c.date,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
    nftTransfer('DatanetRegistry', events.Transfer),
    upgraded(events.Upgraded),
  ],
  ignored: [events.Approval, events.ApprovalForAll, events.Initialized, events.OwnershipTransferred],
}
