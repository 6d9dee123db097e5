import { events } from '../../abi/ModelFund'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import { Model, ModelFunding } from '../../model'
import { linkExecutingProposal } from './linkExecutingProposal'

/**
 * ModelFund: governance grants to models (the recipient is the model's owner at that moment), each
 * linked to the proposal whose execution paid it.
 *
 * @example
 * handlersByName.ModelFund === modelFundHandlers
 */
export const modelFundHandlers: ContractHandlers = {
  name: 'ModelFund',
  handlers: [
    on(events.ModelFunded, {
      prefetch: (e, p) => {
        p.add(Model, e.modelId.toString())
        p.account(e.recipient)
      },
      apply: (e, c) => {
        const model = c.forUpdate(Model, e.modelId.toString())
        model.fundingReceived += e.amount
        const funding = new ModelFunding({
          id: c.eventId(),
          model,
          recipient: c.account(e.recipient),
          amount: e.amount,
          memo: e.memo,
          proposal: null,
          blockNumber: c.pos.blockNumber,
          timestamp: c.date,
          txHash: c.pos.txHash,
        })
        c.append(funding)
        // The execution that paid it reports itself after the grant's own log, in this transaction.
        linkExecutingProposal(c, (proposal) => {
          funding.proposal = proposal
        })
      },
    }),
  ],
  ignored: [events.FundsReceived, events.OwnershipTransferred],
}
