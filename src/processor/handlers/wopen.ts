import { events } from '../../abi/WOPEN'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import { Token, WrapKind } from '../../model'
import { addBalance, erc20Transfer } from './erc20Transfer'
import { recordWrap } from './wrapEvent'

/**
 * WOPEN (WETH9-style): Deposit/Withdrawal mint and burn without a Transfer event, so they move the
 * balance and the supply themselves.
 *
 * @example
 * handlersByName.WOPEN === wopenHandlers
 */
export const wopenHandlers: ContractHandlers = {
  name: 'WOPEN',
  handlers: [
    erc20Transfer(Token.WOPEN, events.Transfer, ['src', 'dst', 'wad']),
    on(events.Deposit, {
      prefetch: (e, p) => p.account(e.dst),
      apply: (e, c) => {
        addBalance(c.account(e.dst), Token.WOPEN, e.wad)
        c.supply(Token.WOPEN).totalSupply += e.wad
        recordWrap(c, Token.WOPEN, WrapKind.WRAP, e.dst, e.wad)
      },
    }),
    on(events.Withdrawal, {
      prefetch: (e, p) => p.account(e.src),
      apply: (e, c) => {
        addBalance(c.account(e.src), Token.WOPEN, -e.wad)
        c.supply(Token.WOPEN).totalSupply -= e.wad
        recordWrap(c, Token.WOPEN, WrapKind.UNWRAP, e.src, e.wad)
      },
    }),
  ],
  ignored: [events.Approval],
}
