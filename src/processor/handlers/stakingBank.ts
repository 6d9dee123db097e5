import * as bank from '../../abi/Bank'
import type { ContractHandlers } from '../../computation/eventHandler'

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
