import type { HandlerContext } from '../../computation/handlerContext'
import { Proposal } from '../../model'

/**
 * After the main pass, hands `link` the proposal whose execution emitted the log being handled (or
 * null): the first execution the timelock reports after that log in its transaction (it reports a
 * call after the call's own logs), whether the governor or anyone directly on the timelock ran it.
 *
 * @example
 * linkExecutingProposal(c, (proposal) => { funding.proposal = proposal })
 */
export function linkExecutingProposal(c: HandlerContext, link: (proposal: Proposal | null) => void): void {
  const { txHash, logIndex } = c.pos
  let proposalId: string | undefined
  c.afterMainPass(
    (p) => {
      proposalId = c.governance.executionAfter(txHash, logIndex)
      if (proposalId) p.add(Proposal, proposalId)
    },
    () => link((proposalId && c.existing(Proposal, proposalId)) || null),
  )
}
