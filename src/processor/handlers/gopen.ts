import { events } from '../../abi/GOPEN'
import { type ContractHandlers, type EventHandler, on } from '../../computation/eventHandler'
import { ZERO_ADDRESS } from '../../computation/handlerContext'
import { DelegateChange, Token, VotesSupplyCheckpoint, VotingPowerChange, WrapKind } from '../../model'
import { erc20Transfer } from './erc20Transfer'
import { clockOf } from './governorClock'
import { recordWrap } from './wrapEvent'

/**
 * After a GOPEN mint or burn, the total supply as ERC20Votes checkpoints it (`getPastTotalSupply`,
 * keyed by the clock): a proposal's quorum is a percentage of it at the snapshot.
 */
function withSupplyCheckpoint(transfer: EventHandler<unknown>): EventHandler<unknown> {
  return {
    ...transfer,
    apply: (e, c) => {
      transfer.apply(e, c)
      const { from, to } = e as { from: string; to: string }
      if (from !== ZERO_ADDRESS && to !== ZERO_ADDRESS) return
      c.append(
        new VotesSupplyCheckpoint({
          id: c.eventId(),
          timepoint: clockOf(c),
          totalSupply: c.supply(Token.GOPEN).totalSupply,
          blockNumber: c.pos.blockNumber,
        }),
      )
    },
  }
}

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
    withSupplyCheckpoint(erc20Transfer(Token.GOPEN, events.Transfer, ['from', 'to', 'value'])),
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
        c.append(
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
        c.append(
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
