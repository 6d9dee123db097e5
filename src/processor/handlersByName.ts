import type { ContractHandlers } from '../computation/eventHandler'
import type { ContractName } from '../manifest/manifest'
import {
  agentRegistryHandlers,
  attributionValidatorsHandlers,
  computeMarketHandlers,
  datanetRegistryHandlers,
  gopenHandlers,
  governorHandlers,
  inferenceRouterHandlers,
  modelFundHandlers,
  modelRegistryHandlers,
  modelSharesHandlers,
  openTokenHandlers,
  policyRegistryHandlers,
  shareAmmFactoryHandlers,
  stakingBankHandlers,
  stakingHandlers,
  timelockHandlers,
  wopenHandlers,
} from './handlers'

/**
 * The handlers of every contract the manifest may list, by manifest name.
 *
 * @example
 * handlersByName.InferenceRouter.handlers.length // 6
 */
export const handlersByName: Record<ContractName, ContractHandlers> = {
  OpenToken: openTokenHandlers,
  WOPEN: wopenHandlers,
  GOPEN: gopenHandlers,
  OpenLedgerTimelock: timelockHandlers,
  OpenLedgerGovernor: governorHandlers,
  Staking: stakingHandlers,
  StakingBank: stakingBankHandlers,
  PolicyRegistry: policyRegistryHandlers,
  DatanetRegistry: datanetRegistryHandlers,
  ModelRegistry: modelRegistryHandlers,
  AttributionValidators: attributionValidatorsHandlers,
  InferenceRouter: inferenceRouterHandlers,
  ModelFund: modelFundHandlers,
  AgentRegistry: agentRegistryHandlers,
  ComputeMarket: computeMarketHandlers,
  ModelShares: modelSharesHandlers,
  ShareAmmFactory: shareAmmFactoryHandlers,
}
