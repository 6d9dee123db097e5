import type { HandlerContext } from '../../computation/handlerContext'
import { type Token, WrapEvent, WrapKind } from '../../model'

/**
 * Records a wrap (native OPEN in) or unwrap (native OPEN out) of WOPEN/GOPEN and its daily totals.
 *
 * @example
 * recordWrap(c, Token.WOPEN, WrapKind.WRAP, e.dst, e.wad)
 */
export function recordWrap(
  c: HandlerContext,
  token: Token,
  kind: WrapKind,
  account: string,
  amount: bigint,
): void {
  const supply = c.supply(token)
  const day = c.day()
  if (kind === WrapKind.WRAP) {
    supply.wrapped += amount
    day.wrapped += amount
  } else {
    supply.unwrapped += amount
    day.unwrapped += amount
  }
  c.append(
    new WrapEvent({
      id: c.eventId(),
      token,
      kind,
      account: c.account(account),
      amount,
      blockNumber: c.pos.blockNumber,
      timestamp: c.date,
      txHash: c.pos.txHash,
    }),
  )
}
