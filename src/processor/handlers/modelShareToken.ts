import { events } from '../../abi/ModelShareToken'
import { addressId } from '../../computation/entityIds'
import { type EventHandler, on } from '../../computation/eventHandler'
import { DividendClaim, ShareHolder, ShareRevenue, ShareToken } from '../../model'
import { holderId } from './shareIds'

/**
 * Events of a ModelShareToken (created at run time by ModelShares; `Transfer` is in
 * `createdTransfer.ts`, shared with the AMM's LP token). Each reads the ShareToken by the log's
 * address and ignores the log when ModelShares never created that address.
 *
 * @example
 * modelSharesHandlers.created.includes(shareTokenHandlers[0])
 */
export const shareTokenHandlers: EventHandler<unknown>[] = [
  on(events.RevenueReceived, {
    prefetch: (_e, p, pos) => p.add(ShareToken, pos.address),
    apply: (e, c) => {
      const token = c.existing(ShareToken, c.pos.address)
      if (!token) return
      c.save(token)
      token.revenueReceived += e.amount
      token.magnifiedDividendPerShare = e.magnifiedDividendPerShare
      c.append(
        new ShareRevenue({
          id: c.eventId(),
          token,
          from: addressId(e.from),
          amount: e.amount,
          magnifiedDividendPerShare: e.magnifiedDividendPerShare,
          blockNumber: c.pos.blockNumber,
          timestamp: c.date,
          txHash: c.pos.txHash,
        }),
      )
    },
  }),
  on(events.DividendClaimed, {
    prefetch: (e, p, pos) => {
      p.add(ShareToken, pos.address)
      p.add(ShareHolder, holderId(pos.address, e.holder))
      p.account(e.holder)
    },
    apply: (e, c) => {
      const token = c.existing(ShareToken, c.pos.address)
      if (!token) return
      c.save(token)
      token.claimed += e.amount
      const holder = c.existing(ShareHolder, holderId(token.id, e.holder))
      if (holder) {
        c.save(holder)
        holder.claimed += e.amount
      }
      c.append(
        new DividendClaim({
          id: c.eventId(),
          token,
          holder: c.account(e.holder),
          to: addressId(e.to),
          amount: e.amount,
          blockNumber: c.pos.blockNumber,
          timestamp: c.date,
          txHash: c.pos.txHash,
        }),
      )
    },
  }),
  on(events.OperatorChanged, {
    prefetch: (_e, p, pos) => p.add(ShareToken, pos.address),
    apply: (e, c) => {
      const token = c.existing(ShareToken, c.pos.address)
      if (!token) return
      c.save(token).operator = BigInt(e.newOperator) === 0n ? null : addressId(e.newOperator)
    },
  }),
]
