import { events } from '../../abi/Staking'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import type { HandlerContext } from '../../computation/handlerContext'
import { AnomalyKind, Stake, StakeConfig, StakeStatus, StakeTopUp } from '../../model'

function stake(c: HandlerContext, id: string): Stake {
  return (
    c.existing(Stake, id) ??
    new Stake({
      id,
      recipient: null,
      status: StakeStatus.ACTIVE,
      initialAmount: 0n,
      toppedUp: 0n,
      principal: 0n,
      commitment: null,
      createdAtBlock: c.pos.blockNumber,
    })
  )
}

/**
 * Staking (OpenLedger's config-based staking): configs, positions (opened, topped up, unstake
 * requested, paid out) and manager-signed commitments. Amounts are principal; interest accrues
 * off-event and is not derived here.
 *
 * @example
 * handlersByName.Staking === stakingHandlers
 */
export const stakingHandlers: ContractHandlers = {
  name: 'Staking',
  handlers: [
    on(events.ConfigCreated, {
      prefetch: (e, p) => p.add(StakeConfig, e.configId.toString()),
      apply: (e, c) => {
        c.save(
          new StakeConfig({
            id: e.configId.toString(),
            createdAtBlock: c.pos.blockNumber,
            updatedAtBlock: c.pos.blockNumber,
            updateCount: 0,
          }),
        )
      },
    }),
    on(events.ConfigSet, {
      prefetch: (e, p) => p.add(StakeConfig, e.configId.toString()),
      apply: (e, c) => {
        const id = e.configId.toString()
        const config =
          c.existing(StakeConfig, id) ??
          new StakeConfig({ id, createdAtBlock: c.pos.blockNumber, updatedAtBlock: 0, updateCount: 0 })
        config.updatedAtBlock = c.pos.blockNumber
        config.updateCount += 1
        c.save(config)
      },
    }),
    on(events.Staked, {
      prefetch: (e, p) => {
        p.add(Stake, e.stakingId.toString())
        p.account(e.recipient)
      },
      apply: (e, c) => {
        const s = c.save(stake(c, e.stakingId.toString()))
        s.recipient = c.account(e.recipient)
        s.status = StakeStatus.ACTIVE
        s.initialAmount = e.amount
        s.principal = e.amount + s.toppedUp
        s.createdAtBlock = c.pos.blockNumber
      },
    }),
    on(events.ToppedUp, {
      prefetch: (e, p) => {
        p.add(Stake, e.stakingId.toString())
        p.account(e.recipient)
      },
      apply: (e, c) => {
        const s = c.save(stake(c, e.stakingId.toString()))
        s.recipient ??= c.account(e.recipient)
        s.toppedUp += e.amount
        s.principal += e.amount
        c.append(
          new StakeTopUp({
            id: c.eventId(),
            stake: s,
            amount: e.amount,
            blockNumber: c.pos.blockNumber,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
    on(events.CommitStake, {
      prefetch: (e, p) => p.add(Stake, e.stakingId.toString()),
      apply: (e, c) => {
        const s = c.save(stake(c, e.stakingId.toString()))
        s.status = StakeStatus.COMMITTED
        s.commitment = e.commitment
      },
    }),
    on(events.RequestUnstake, {
      prefetch: (e, p) => {
        p.add(Stake, e.stakingId.toString())
        p.account(e.recipient)
      },
      apply: (e, c) => {
        const s = c.save(stake(c, e.stakingId.toString()))
        s.recipient = c.account(e.recipient)
        s.status = StakeStatus.UNSTAKE_REQUESTED
        s.requestedAtBlock = c.pos.blockNumber
      },
    }),
    on(events.Unstaked, {
      prefetch: (e, p) => {
        p.add(Stake, e.stakingId.toString())
        p.account(e.recipient)
      },
      apply: (e, c) => {
        const s = c.save(stake(c, e.stakingId.toString()))
        if (s.status === StakeStatus.UNSTAKED)
          c.anomaly(AnomalyKind.INCONSISTENT_STATE, `stake ${s.id} unstaked twice`)
        s.recipient = c.account(e.recipient)
        s.status = StakeStatus.UNSTAKED
        s.unstakedAtBlock = c.pos.blockNumber
      },
    }),
  ],
  ignored: [events.RoleAdminChanged, events.RoleGranted, events.RoleRevoked, events.EIP712DomainChanged],
}
