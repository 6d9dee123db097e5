import { events } from '../../abi/OpenLedgerGovernor'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import type { HandlerContext } from '../../computation/handlerContext'
import { sanitiseValues } from '../../computation/sanitiseValues'
import {
  AnomalyKind,
  Proposal,
  ProposalAction,
  ProposalStatus,
  QuorumNumeratorChange,
  TimelockOperation,
  Vote,
} from '../../model'
import { decodeProposalAction } from './decodeProposalAction'
import { clockOf } from './governorClock'

type VoteArgs = {
  voter: string
  proposalId: bigint
  support: number
  weight: bigint
  reason: string
  params?: string
}

function castVote(e: VoteArgs, c: HandlerContext): void {
  const proposal = c.existing(Proposal, e.proposalId.toString())
  if (!proposal) {
    c.anomaly(AnomalyKind.INCONSISTENT_STATE, `vote on unknown proposal ${e.proposalId}`)
    return
  }
  c.save(proposal)
  if (e.support === 0) proposal.againstVotes += e.weight
  else if (e.support === 1) proposal.forVotes += e.weight
  else proposal.abstainVotes += e.weight
  proposal.voteCount += 1
  // CountingSimple lets an account vote once per proposal, so votes by support are voters.
  if (e.support === 0) proposal.againstVoters += 1
  else if (e.support === 1) proposal.forVoters += 1
  else proposal.abstainVoters += 1
  c.day().votes += 1
  c.append(
    new Vote({
      id: c.eventId(),
      proposal,
      voter: c.account(e.voter),
      support: e.support,
      weight: e.weight,
      reason: e.reason,
      params: e.params ?? null,
      blockNumber: c.pos.blockNumber,
      txHash: c.pos.txHash,
    }),
  )
}

function setStatus(c: HandlerContext, id: bigint, status: ProposalStatus, patch: Partial<Proposal>): void {
  const proposal = c.existing(Proposal, id.toString())
  if (!proposal) {
    c.anomaly(AnomalyKind.INCONSISTENT_STATE, `${status} of unknown proposal ${id}`)
    return
  }
  Object.assign(c.save(proposal), { status, ...patch })
}

/**
 * OpenLedgerGovernor (OZ Governor): proposals with their calls decoded against the indexed
 * contracts' ABIs (e.g. "fund model 3 with 1000 OPEN"), votes and tallies, queue/execute/cancel.
 *
 * @example
 * handlersByName.OpenLedgerGovernor === governorHandlers
 */
export const governorHandlers: ContractHandlers = {
  name: 'OpenLedgerGovernor',
  handlers: [
    on(events.ProposalCreated, {
      prefetch: (e, p) => {
        p.add(Proposal, e.proposalId.toString())
        p.account(e.proposer)
      },
      apply: (e, c) => {
        const id = e.proposalId.toString()
        // The governor never emits one id twice; a second creation would reset the tallies and
        // collide with the first one's actions, so the first one stands.
        if (c.existing(Proposal, id))
          return c.anomaly(
            AnomalyKind.INCONSISTENT_STATE,
            `proposal ${id} created again; the first creation is kept`,
          )
        const proposal = c.save(
          new Proposal({
            id,
            proposer: c.account(e.proposer),
            description: e.description,
            voteStart: e.voteStart,
            voteEnd: e.voteEnd,
            status: ProposalStatus.PENDING,
            forVotes: 0n,
            againstVotes: 0n,
            abstainVotes: 0n,
            voteCount: 0,
            forVoters: 0,
            againstVoters: 0,
            abstainVoters: 0,
            createdAtBlock: c.pos.blockNumber,
            createdAt: c.date,
            txHash: c.pos.txHash,
          }),
        )
        const n = e.targets.length
        if (e.values.length !== n || e.calldatas.length !== n || e.signatures.length !== n)
          c.anomaly(
            AnomalyKind.INCONSISTENT_STATE,
            `proposal ${id} has ${n} targets, ${e.values.length} values, ${e.calldatas.length} calldatas and ${e.signatures.length} signatures; missing ones are taken as 0, 0x and ''`,
          )
        e.targets.forEach((target, i) => {
          const calldata = e.calldatas[i] ?? '0x'
          const decoded = decodeProposalAction(
            c.nameByAddress.get(target.toLowerCase()),
            e.values[i] ?? 0n,
            calldata,
          )
          // Decoded call arguments are chain text too (a memo, a method name): made storable here.
          for (const v of sanitiseValues(decoded))
            c.anomaly(
              AnomalyKind.SANITISED_VALUE,
              `ProposalCreated action ${i} ${v.field} held ${v.problem}: stored escaped`,
              {
                field: `ProposalCreated.calldatas[${i}].${v.field}`,
                original: v.original,
              },
            )
          c.append(
            new ProposalAction({
              id: `${proposal.id}-${i}`,
              proposal,
              index: i,
              target: target.toLowerCase(),
              value: e.values[i] ?? 0n,
              calldata,
              signature: e.signatures[i] ?? '',
              ...decoded,
            }),
          )
        })
      },
    }),
    on(events.VoteCast, {
      prefetch: (e, p) => {
        p.add(Proposal, e.proposalId.toString())
        p.account(e.voter)
      },
      apply: castVote,
    }),
    on(events.VoteCastWithParams, {
      prefetch: (e, p) => {
        p.add(Proposal, e.proposalId.toString())
        p.account(e.voter)
      },
      apply: castVote,
    }),
    on(events.ProposalQueued, {
      prefetch: (e, p) => p.add(Proposal, e.proposalId.toString()),
      apply: (e, c) => {
        setStatus(c, e.proposalId, ProposalStatus.QUEUED, {
          eta: e.etaSeconds,
          queuedAtBlock: c.pos.blockNumber,
        })
        // The timelock scheduled the proposal's operation just before, in this transaction.
        const proposal = c.existing(Proposal, e.proposalId.toString())
        for (const id of c.governance.takeScheduled(c.pos.txHash)) {
          const op = proposal && c.existing(TimelockOperation, id)
          if (op) c.save(op).proposal = proposal
        }
      },
    }),
    on(events.ProposalExecuted, {
      prefetch: (e, p) => p.add(Proposal, e.proposalId.toString()),
      apply: (e, c) => {
        c.governance.executed(c.pos.txHash, c.pos.logIndex, e.proposalId.toString())
        setStatus(c, e.proposalId, ProposalStatus.EXECUTED, { executedAtBlock: c.pos.blockNumber })
      },
    }),
    on(events.QuorumNumeratorUpdated, {
      apply: (e, c) =>
        c.append(
          new QuorumNumeratorChange({
            id: c.eventId(),
            timepoint: clockOf(c),
            oldNumerator: e.oldQuorumNumerator,
            newNumerator: e.newQuorumNumerator,
            blockNumber: c.pos.blockNumber,
            txHash: c.pos.txHash,
          }),
        ),
    }),
    on(events.ProposalCanceled, {
      prefetch: (e, p) => p.add(Proposal, e.proposalId.toString()),
      apply: (e, c) =>
        setStatus(c, e.proposalId, ProposalStatus.CANCELED, { canceledAtBlock: c.pos.blockNumber }),
    }),
  ],
  ignored: [
    events.EIP712DomainChanged,
    events.ProposalThresholdSet,
    events.TimelockChange,
    events.VotingDelaySet,
    events.VotingPeriodSet,
  ],
}
