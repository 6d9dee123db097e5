import { events } from '../../abi/PolicyRegistry'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import { AttributionPolicy, FeePolicy, UpstreamSharePolicy } from '../../model'
import { upgraded } from './upgraded'

/**
 * PolicyRegistry: each update closes the version in force (toBlock = this block) and opens a new
 * one, so "the policy in force at block N" is `fromBlock <= N AND (toBlock > N OR toBlock IS NULL)`
 * (an update in block N applies to settlements after it in the same block; see fromLogIndex).
 *
 * @example
 * handlersByName.PolicyRegistry === policyRegistryHandlers
 */
export const policyRegistryHandlers: ContractHandlers = {
  name: 'PolicyRegistry',
  handlers: [
    on(events.FeePolicyUpdated, {
      prefetch: (_e, p) => p.policies(),
      apply: (e, c) => {
        if (c.feePolicy) c.save(c.feePolicy).toBlock = c.pos.blockNumber
        c.feePolicy = c.save(
          new FeePolicy({
            id: c.eventId(),
            protocolBps: e.protocolBps,
            modelOwnerBps: e.modelOwnerBps,
            stakersBps: e.stakersBps,
            contributorsBps: e.contributorsBps,
            fromBlock: c.pos.blockNumber,
            fromLogIndex: c.pos.logIndex,
            toBlock: null,
            timestamp: c.date,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
    on(events.AttributionPolicyUpdated, {
      prefetch: (_e, p) => p.policies(),
      apply: (e, c) => {
        if (c.attributionPolicy) c.save(c.attributionPolicy).toBlock = c.pos.blockNumber
        c.attributionPolicy = c.save(
          new AttributionPolicy({
            id: c.eventId(),
            method: e.method,
            topK: e.topK,
            minWeightPpm: e.minWeightPpm,
            auditTolerancePpm: e.auditTolerancePpm,
            fromBlock: c.pos.blockNumber,
            fromLogIndex: c.pos.logIndex,
            toBlock: null,
            timestamp: c.date,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
    // Append-only: the share in force at a position is the last row before it (see UpstreamSharePolicy).
    on(events.UpstreamSharePolicyUpdated, {
      apply: (e, c) =>
        c.append(
          new UpstreamSharePolicy({
            id: c.eventId(),
            upstreamShareBps: e.upstreamShareBps,
            fromBlock: c.pos.blockNumber,
            fromLogIndex: c.pos.logIndex,
            timestamp: c.date,
            txHash: c.pos.txHash,
          }),
        ),
    }),
    upgraded(events.Upgraded),
  ],
  ignored: [events.OwnershipTransferred, events.Initialized],
}
