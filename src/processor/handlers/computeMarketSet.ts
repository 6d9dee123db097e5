import { events } from '../../abi/InferenceRouter'
import { on } from '../../computation/eventHandler'
import { ComputeMarketChange } from '../../model'

/**
 * InferenceRouter.ComputeMarketSet: governance naming the market allowed to fulfil the inferences
 * it requested (listed among the router's handlers).
 *
 * @example
 * inferenceRouterHandlers.handlers.includes(computeMarketSetHandler) // true
 */
export const computeMarketSetHandler = on(events.ComputeMarketSet, {
  apply: (e, c) => {
    c.append(
      new ComputeMarketChange({
        id: c.eventId(),
        previousMarket: e.previousMarket.toLowerCase(),
        newMarket: e.newMarket.toLowerCase(),
        blockNumber: c.pos.blockNumber,
        txHash: c.pos.txHash,
      }),
    )
  },
})
