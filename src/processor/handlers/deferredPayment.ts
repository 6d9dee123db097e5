import type { AbiEventLike, EventHandler } from '../../computation/eventHandler'
import { on } from '../../computation/eventHandler'
import { DeferredPayment } from '../../model'

/**
 * Handler for a `PaymentDeferred(recipient, amount)`: a payout that failed to transfer and was
 * credited to the emitting contract's `owed` (InferenceRouter, AgentRegistry), kept as a row.
 *
 * @example
 * deferredPayment(events.PaymentDeferred)
 */
export function deferredPayment(
  event: AbiEventLike<{ recipient: string; amount: bigint }>,
): EventHandler<unknown> {
  return on(event, {
    prefetch: (e, p) => p.account(e.recipient),
    apply: (e, c) => {
      c.append(
        new DeferredPayment({
          id: c.eventId(),
          recipient: c.account(e.recipient),
          amount: e.amount,
          blockNumber: c.pos.blockNumber,
          txHash: c.pos.txHash,
        }),
      )
    },
  })
}
