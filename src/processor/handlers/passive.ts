import * as bank from '../../abi/Bank'
import * as timelock from '../../abi/OpenLedgerTimelock'
import type { ContractHandlers } from '../eventHandler'

/**
 * The timelock: its scheduling events are known (so they are not anomalies) and not stored; the
 * governor's ProposalQueued/Executed carry what the dashboards need.
 *
 * @example
 * handlersByName.OpenLedgerTimelock === timelockHandlers
 */
export const timelockHandlers: ContractHandlers = {
  name: 'OpenLedgerTimelock',
  handlers: [],
  ignored: Object.values(timelock.events),
}

/**
 * The staking rewards bank: known events, not stored (its WOPEN inflows are WOPEN transfers).
 *
 * @example
 * handlersByName.StakingBank === stakingBankHandlers
 */
export const stakingBankHandlers: ContractHandlers = {
  name: 'StakingBank',
  handlers: [],
  ignored: Object.values(bank.events),
}
