import {
  type Account,
  type Chain,
  type PublicClient,
  parseEther,
  type Transport,
  type WalletClient,
} from 'viem'
import type { Manifest } from '../manifest/manifest'
import { deployStackContracts } from './deployStackContracts'
import { handOverToGovernance } from './handOverToGovernance'
import { setComputeMarketViaTimelock } from './setComputeMarketViaTimelock'
import type { StackParams } from './stackParams'
import { stackTransactions } from './stackTransactions'
import { wireStaking } from './wireStaking'

export type { StackParams } from './stackParams'

/** Devnet defaults: the published governance parameters shortened to seconds so tests can run a cycle. */
export const DEVNET_PARAMS: StackParams = {
  votingDelay: 1,
  votingPeriod: 60,
  proposalThreshold: parseEther('10000'),
  quorumPercent: 5n,
  timelockDelay: 1,
  minValidatorBond: parseEther('1000'),
  auditWindow: 3600,
  treasuryFunding: parseEther('1000000'),
  modelFundFunding: parseEther('100000'),
}

/**
 * Outside a devnet: OpenLedger's published governor (1 day voting delay, 1 week voting period,
 * 10,000 GOPEN to propose, 5 % quorum), the 1-day timelock delay of its governance docs, and a
 * 1-day audit window, so a validator unbonds after 10 days (and the contract's 60 s execution
 * margin) at the earliest.
 */
export const PUBLISHED_PARAMS: StackParams = {
  ...DEVNET_PARAMS,
  votingDelay: 86_400,
  votingPeriod: 7 * 86_400,
  timelockDelay: 86_400,
  auditWindow: 86_400,
}

/** The default staking product created at deploy: WOPEN, 5 %/year, 7-day lock, 1-day cooldown. */
export const DEFAULT_STAKING_CONFIG_ID = 1n

export type DeployStackArgs = {
  root: string
  wallet: WalletClient<Transport, Chain | undefined, Account>
  publicClient: PublicClient
  params?: Partial<StackParams>
  log?: (line: string) => void
}

/**
 * Deploys the whole OpenLedger stack (token side + AI side) and wires its roles:
 * the timelock is the treasury and owns the policy, ModelFund, validator slashing, the staking
 * bank and Staking's admin role; the governor is the timelock's only proposer; the deployer keeps
 * no privileged role at the end. Returns the manifest the indexer reads.
 *
 * @throws {DeploymentError} naming the step that failed.
 * @example
 * const manifest = await deployStack({ root, wallet, publicClient, log: console.log })
 */
export async function deployStack({
  root,
  wallet,
  publicClient,
  params = {},
  log = () => {},
}: DeployStackArgs): Promise<Manifest> {
  const p = { ...DEVNET_PARAMS, ...definedOnly(params) }
  const deployer = wallet.account.address
  const chainId = await publicClient.getChainId()
  const contracts: Manifest['contracts'] = {}
  const tx = stackTransactions({ root, wallet, publicClient, contracts, log })
  const a = await deployStackContracts(tx, p, deployer)

  log('wiring staking')
  await wireStaking(tx, { ...a, deployer, configId: DEFAULT_STAKING_CONFIG_ID })
  log('making ComputeMarket the router’s compute market (through the timelock)')
  const executed = await setComputeMarketViaTimelock(tx, {
    timelock: a.timelock,
    router: a.router,
    market: a.computeMarket,
    deployer,
    delaySeconds: p.timelockDelay,
  })
  if (!executed)
    log('setComputeMarket is scheduled on the timelock: anyone may execute it once the delay has passed')
  log('wiring governance roles')
  await handOverToGovernance(tx, { ...a, deployer })
  log('funding treasury and model fund')
  await tx.pay('fund treasury', a.timelock, p.treasuryFunding)
  await tx.pay('fund ModelFund', a.modelFund, p.modelFundFunding)

  return {
    version: 1,
    chainId,
    contracts,
    accounts: { deployer, treasury: a.timelock },
  }
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>
}
