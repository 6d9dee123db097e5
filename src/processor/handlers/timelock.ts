import { events } from '../../abi/OpenLedgerTimelock'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import type { HandlerContext } from '../../computation/handlerContext'
import { Proposal, ProposalStatus, TimelockOperation } from '../../model'

/** Operation ids are bytes32: stored as lowercase hex, like every hash. */
const opId = (id: string) => id.toLowerCase()

/**
 * After the main pass (the proposal is known from the operation only then): a proposal whose
 * timelock operation ran or was cancelled directly on the timelock, not through the governor, is
 * Executed or Canceled all the same (GovernorTimelockControl.state reads the timelock). Through
 * the governor its own event follows in the same transaction and has set the status already.
 */
function settleProposal(
  c: HandlerContext,
  op: TimelockOperation,
  status: ProposalStatus,
  block: number,
): void {
  const proposalId = op.proposal?.id
  if (!proposalId) return
  c.afterMainPass(
    (p) => p.add(Proposal, proposalId),
    () => {
      const proposal = c.existing(Proposal, proposalId)
      if (
        !proposal ||
        proposal.status === ProposalStatus.EXECUTED ||
        proposal.status === ProposalStatus.CANCELED
      )
        return
      c.save(proposal).status = status
      if (status === ProposalStatus.EXECUTED) proposal.executedAtBlock = block
      else proposal.canceledAtBlock = block
    },
  )
}

/**
 * The timelock (treasury and executor of passed proposals): its operations, linked to the
 * proposal whose queue scheduled them, so that an operation executed or cancelled directly on the
 * timelock (anyone may execute a ready one) still ends its proposal, and the calls it runs (a
 * ModelFund grant) are linked to the proposal.
 *
 * @example
 * handlersByName.OpenLedgerTimelock === timelockHandlers
 */
export const timelockHandlers: ContractHandlers = {
  name: 'OpenLedgerTimelock',
  handlers: [
    on(events.CallScheduled, {
      prefetch: (e, p) => p.add(TimelockOperation, opId(e.id)),
      apply: (e, c) => {
        const id = opId(e.id)
        c.governance.scheduled(c.pos.txHash, id)
        const found = c.existing(TimelockOperation, id)
        // Each call of the batch reports the operation; one scheduled again after a cancellation
        // starts afresh (its proposal is linked again by the ProposalQueued that follows).
        if (found && found.scheduledAtBlock === c.pos.blockNumber && found.txHash === c.pos.txHash) {
          c.save(found).calls += 1
          return
        }
        c.save(
          new TimelockOperation({
            id,
            proposal: null,
            calls: 1,
            delay: e.delay,
            scheduledAtBlock: c.pos.blockNumber,
            executedAtBlock: null,
            canceledAtBlock: null,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
    on(events.CallExecuted, {
      prefetch: (e, p) => p.add(TimelockOperation, opId(e.id)),
      apply: (e, c) => {
        const op = c.existing(TimelockOperation, opId(e.id))
        if (!op) return
        c.save(op).executedAtBlock = c.pos.blockNumber
        if (op.proposal?.id) c.governance.executed(c.pos.txHash, c.pos.logIndex, op.proposal.id)
        if (e.index === 0n) settleProposal(c, op, ProposalStatus.EXECUTED, c.pos.blockNumber)
      },
    }),
    on(events.Cancelled, {
      prefetch: (e, p) => p.add(TimelockOperation, opId(e.id)),
      apply: (e, c) => {
        const op = c.existing(TimelockOperation, opId(e.id))
        if (!op) return
        c.save(op).canceledAtBlock = c.pos.blockNumber
        settleProposal(c, op, ProposalStatus.CANCELED, c.pos.blockNumber)
      },
    }),
  ],
  ignored: [
    events.CallSalt,
    events.MinDelayChange,
    events.RoleAdminChanged,
    events.RoleGranted,
    events.RoleRevoked,
  ],
}
