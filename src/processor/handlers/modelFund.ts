import { events } from '../../abi/ModelFund'
import { Model, ModelFunding } from '../../model'
import { type ContractHandlers, on } from '../eventHandler'

/**
 * ModelFund: governance grants to models (the recipient is the model's owner at that moment).
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
        const model = c.ref(Model, e.modelId.toString())
        model.fundingReceived += e.amount
        c.insert(
          new ModelFunding({
            id: c.eventId(),
            model,
            recipient: c.account(e.recipient),
            amount: e.amount,
            memo: e.memo,
            blockNumber: c.pos.blockNumber,
            timestamp: c.date,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
  ],
  ignored: [events.FundsReceived, events.OwnershipTransferred],
}
