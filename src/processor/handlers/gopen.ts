import { events } from '../../abi/GOPEN'
import { DelegateChange, Token, VotingPowerChange, WrapKind } from '../../model'
import { type ContractHandlers, on } from '../eventHandler'
import { erc20Transfer } from './erc20Transfer'
import { recordWrap } from './wrapEvent'

/**
 * GOPEN (governance wrapper with ERC20Votes): balances move with its Transfer events (deposit
 * mints, withdraw burns), Deposit/Withdrawal only record the wrap; delegation and voting power.
 *
 * @example
 * handlersByName.GOPEN === gopenHandlers
 */
export const gopenHandlers: ContractHandlers = {
  name: 'GOPEN',
  handlers: [
    erc20Transfer(Token.GOPEN, events.Transfer, ['from', 'to', 'value']),
    on(events.Deposit, {
      prefetch: (e, p) => p.account(e.sender),
      apply: (e, c) => recordWrap(c, Token.GOPEN, WrapKind.WRAP, e.sender, e.amt),
    }),
    on(events.Withdrawal, {
      prefetch: (e, p) => p.account(e.sender),
      apply: (e, c) => recordWrap(c, Token.GOPEN, WrapKind.UNWRAP, e.sender, e.amt),
    }),
    on(events.DelegateChanged, {
      prefetch: (e, p) => p.account(e.delegator),
      apply: (e, c) => {
        const delegator = c.account(e.delegator)
        delegator.delegate = e.toDelegate.toLowerCase()
        c.insert(
          new DelegateChange({
            id: c.eventId(),
            delegator,
            fromDelegate: e.fromDelegate.toLowerCase(),
            toDelegate: e.toDelegate.toLowerCase(),
            blockNumber: c.pos.blockNumber,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
    on(events.DelegateVotesChanged, {
      prefetch: (e, p) => p.account(e.delegate),
      apply: (e, c) => {
        const delegate = c.account(e.delegate)
        delegate.votingPower = e.newVotes
        c.insert(
          new VotingPowerChange({
            id: c.eventId(),
            delegate,
            previousVotes: e.previousVotes,
            newVotes: e.newVotes,
            blockNumber: c.pos.blockNumber,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
  ],
  ignored: [events.Approval, events.EIP712DomainChanged],
}
