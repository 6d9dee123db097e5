import { events } from '../../abi/InferenceRouterV2'
import { on } from '../../computation/eventHandler'
import { AnomalyKind, Inference, InferenceRating } from '../../model'

/**
 * InferenceRouterV2's `InferenceRated`: a caller's rating of an inference's output. Registered
 * with the router's handlers from the start: the router's address emits it only once governance
 * upgraded the router to V2, so it is indexed from the upgrade block on and nothing before.
 *
 * @example
 * inferenceRouterHandlers.handlers.includes(inferenceRated) // true
 */
export const inferenceRated = on(events.InferenceRated, {
  prefetch: (e, p) => {
    p.add(Inference, e.inferenceId.toString())
    p.account(e.caller)
  },
  apply: (e, c) => {
    const inference = c.existing(Inference, e.inferenceId.toString())
    if (!inference)
      return c.anomaly(AnomalyKind.INCONSISTENT_STATE, `rating of unknown inference ${e.inferenceId}`)
    c.append(
      new InferenceRating({
        id: c.eventId(),
        inference,
        rater: c.account(e.caller),
        score: e.score,
        blockNumber: c.pos.blockNumber,
        timestamp: c.date,
        txHash: c.pos.txHash,
      }),
    )
  },
})
