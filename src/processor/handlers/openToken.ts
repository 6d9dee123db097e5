import { events } from '../../abi/OpenToken'
import type { ContractHandlers } from '../../computation/eventHandler'
import { Token } from '../../model'
import { erc20Transfer } from './erc20Transfer'

/**
 * OpenToken (the L1 ERC-20 OPEN): transfers, balances and supply (burns reduce it).
 *
 * @example
 * handlersByName.OpenToken === openTokenHandlers
 */
export const openTokenHandlers: ContractHandlers = {
  name: 'OpenToken',
  handlers: [erc20Transfer(Token.OPEN, events.Transfer, ['from', 'to', 'value'])],
  ignored: [events.Approval],
}
