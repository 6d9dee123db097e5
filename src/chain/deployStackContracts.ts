import { type Address, zeroAddress } from 'viem'
import { COMPUTE_MARKET_PARAMS } from './computeMarketParams'
import type { StackParams } from './stackParams'
import type { StackTransactions } from './stackTransactions'

/** Addresses of the deployed contracts that the wiring steps call or hand roles to. */
export type StackAddresses = {
  wopen: Address
  gopen: Address
  timelock: Address
  governor: Address
  staking: Address
  bank: Address
  policy: Address
  datanets: Address
  models: Address
  validators: Address
  modelFund: Address
  router: Address
  computeMarket: Address
}

/**
 * Deploys every contract of the stack, token side (OpenLedger's published contracts) then AI side,
 * in dependency order: each constructor gets the addresses it needs. The deployer is left holding
 * the admin roles that the wiring steps use and then give up.
 *
 * @throws {DeploymentError} naming the contract that failed to deploy.
 * @example
 * const addresses = await deployStackContracts(tx, DEVNET_PARAMS, deployer)
 */
export async function deployStackContracts(
  tx: StackTransactions,
  p: StackParams,
  deployer: Address,
): Promise<StackAddresses> {
  // Token side (OpenLedger's published contracts).
  await tx.deploy('OpenToken', 'OpenToken', [p.openTokenRecipient ?? deployer])
  const wopen = await tx.deploy('WOPEN', 'WOPEN')
  const gopen = await tx.deploy('GOPEN', 'GOPEN')
  const timelock = await tx.deploy('OpenLedgerTimelock', 'OpenLedgerTimelock', [
    BigInt(p.timelockDelay),
    [],
    [zeroAddress],
    deployer,
  ])
  const governor = await tx.deploy('OpenLedgerGovernor', 'OpenLedgerGovernor', [
    gopen,
    timelock,
    p.votingDelay,
    p.votingPeriod,
    p.proposalThreshold,
    p.quorumPercent,
  ])
  const staking = await tx.deploy('Staking', 'Staking', [deployer])
  const bank = await tx.deploy('StakingBank', 'Bank', [deployer, wopen])

  // AI side.
  const policy = await tx.deployProxy('PolicyRegistry', 'PolicyRegistry', [timelock])
  const datanets = await tx.deployProxy('DatanetRegistry', 'DatanetRegistry', [timelock])
  const models = await tx.deployProxy('ModelRegistry', 'ModelRegistry', [timelock, datanets])
  const validators = await tx.deploy('AttributionValidators', 'AttributionValidators', [
    timelock,
    timelock,
    governor,
    p.minValidatorBond,
    BigInt(p.auditWindow),
  ])
  const router = await tx.deployProxy('InferenceRouter', 'InferenceRouter', [
    models,
    datanets,
    validators,
    policy,
    timelock,
    wopen,
    bank,
  ])
  const modelFund = await tx.deploy('ModelFund', 'ModelFund', [timelock, models])
  await tx.deploy('AgentRegistry', 'AgentRegistry', [models, router])
  // Model shares: the share-token factory and the AMM (both permissionless, no owner).
  await tx.deploy('ModelShares', 'ModelShares', [models, router])
  await tx.deploy('ShareAmmFactory', 'ShareAmmFactory')
  const c = { ...COMPUTE_MARKET_PARAMS, ...p.computeMarket }
  const computeMarket = await tx.deploy('ComputeMarket', 'ComputeMarket', [
    timelock,
    models,
    router,
    timelock,
    c.unbondingDelayBlocks,
    c.minBond,
    c.deadlineBlocks,
    c.slashAmount,
  ])
  return {
    wopen,
    gopen,
    timelock,
    governor,
    staking,
    bank,
    policy,
    datanets,
    models,
    validators,
    modelFund,
    router,
    computeMarket,
  }
}
