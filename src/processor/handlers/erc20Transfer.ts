import type { AbiEventLike, EventHandler } from '../../computation/eventHandler'
import { on } from '../../computation/eventHandler'
import { type HandlerContext, ZERO_ADDRESS } from '../../computation/handlerContext'
import { type Account, Token, TokenTransfer } from '../../model'

const BALANCE_FIELD = {
  [Token.OPEN]: 'openBalance',
  [Token.WOPEN]: 'wopenBalance',
  [Token.GOPEN]: 'gopenBalance',
} as const

/**
 * Adds `delta` (wei, may be negative) to an account's balance of `token`.
 *
 * @example
 * addBalance(c.account(a), Token.WOPEN, 5n)
 */
export function addBalance(account: Account, token: Token, delta: bigint): void {
  const field = BALANCE_FIELD[token]
  account[field] = account[field] + delta
}

/**
 * Handler for an ERC-20 `Transfer(from, to, value)` of `token`: balances, supply (mints and burns),
 * the transfer row and the daily count. `fields` names the event's parameters (WETH9 calls them
 * src/dst/wad).
 *
 * @example
 * erc20Transfer(Token.WOPEN, events.Transfer, ['src', 'dst', 'wad'])
 */
export function erc20Transfer<T extends Record<string, unknown>>(
  token: Token,
  event: AbiEventLike<T>,
  [fromKey, toKey, valueKey]: [keyof T, keyof T, keyof T],
): EventHandler<unknown> {
  return on(event, {
    prefetch: (e, p) => {
      p.account(e[fromKey] as string)
      p.account(e[toKey] as string)
    },
    apply: (e, c: HandlerContext) => {
      const from = e[fromKey] as string
      const to = e[toKey] as string
      const value = e[valueKey] as bigint
      const fromAccount = c.account(from)
      const toAccount = c.account(to)
      const supply = c.supply(token)
      if (from === ZERO_ADDRESS) supply.totalSupply += value
      else addBalance(fromAccount, token, -value)
      if (to === ZERO_ADDRESS) supply.totalSupply -= value
      else addBalance(toAccount, token, value)
      supply.transferCount += 1
      c.day().transfers += 1
      c.append(
        new TokenTransfer({
          id: c.eventId(),
          token,
          from: fromAccount,
          to: toAccount,
          amount: value,
          blockNumber: c.pos.blockNumber,
          timestamp: c.date,
          txHash: c.pos.txHash,
        }),
      )
    },
  })
}
