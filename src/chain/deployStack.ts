import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  keccak256,
  maxUint256,
  type PublicClient,
  parseEther,
  type Transport,
  toHex,
  type WalletClient,
  zeroAddress,
} from 'viem'
import type { ContractName, Manifest } from '../manifest/manifest'
import { deployContractAt } from './deployContract'
import { DeploymentError, TransactionFailedError } from './errors'
import { loadArtifact } from './loadArtifact'

export type StackParams = {
  /** Governor voting delay in seconds (GOPEN's clock is the timestamp). Published: 1 day. @default 1 (devnet) */
  votingDelay: number
  /** Governor voting period in seconds. Published: 1 week. @default 60 (devnet) */
  votingPeriod: number
  /** GOPEN (wei) needed to propose. Published: 10,000 GOPEN. @default 10,000 GOPEN */
  proposalThreshold: bigint
  /** Quorum, percent of GOPEN supply. Published: 5. @default 5 */
  quorumPercent: bigint
  /** Timelock delay in seconds. OpenLedger's governance docs: 1 day. @default 1 (devnet) */
  timelockDelay: number
  /** Minimum validator bond, wei. @default 1,000 OPEN */
  minValidatorBond: bigint
  /**
   * Seconds a validator's unbonding waits beyond governance latency (voting delay + period +
   * timelock delay, read live by the contract): the time to audit a settlement and propose the
   * slash. @default 3600 (devnet); 1 day outside one
   */
  auditWindow: number
  /** Native OPEN moved from the deployer to the treasury (the timelock), wei. @default 1,000,000 OPEN */
  treasuryFunding: bigint
  /** Native OPEN moved from the deployer to ModelFund's grant budget, wei. @default 100,000 OPEN */
  modelFundFunding: bigint
  /** Receives the whole fixed "L1" OPEN ERC-20 supply. @default the deployer */
  openTokenRecipient?: Address
}

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
  const deploy = async (name: ContractName, artifact: string, args: readonly unknown[] = []) => {
    const { address, blockNumber } = await deployContractAt({
      root,
      wallet,
      publicClient,
      name: artifact,
      args,
    })
    contracts[name] = { address: getAddress(address), startBlock: Number(blockNumber) }
    log(`deployed ${name} at ${getAddress(address)}`)
    return address
  }
  const call = async (
    step: string,
    artifact: string,
    address: Address,
    functionName: string,
    args: readonly unknown[] = [],
    value?: bigint,
  ) => {
    try {
      const hash = await wallet.writeContract({
        address,
        abi: loadArtifact(root, artifact).abi as Abi,
        functionName,
        args,
        value,
        account: wallet.account,
        chain: wallet.chain,
      } as Parameters<typeof wallet.writeContract>[0])
      const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
      if (receipt.status !== 'success') throw new TransactionFailedError(hash, 'reverted')
    } catch (cause) {
      throw new DeploymentError(step, { cause })
    }
  }
  const pay = async (step: string, to: Address, value: bigint) => {
    try {
      const hash = await wallet.sendTransaction({ to, value, account: wallet.account, chain: wallet.chain })
      await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    } catch (cause) {
      throw new DeploymentError(step, { cause })
    }
  }

  // Token side (OpenLedger's published contracts).
  await deploy('OpenToken', 'OpenToken', [p.openTokenRecipient ?? deployer])
  const wopen = await deploy('WOPEN', 'WOPEN')
  const gopen = await deploy('GOPEN', 'GOPEN')
  const timelock = await deploy('OpenLedgerTimelock', 'OpenLedgerTimelock', [
    BigInt(p.timelockDelay),
    [],
    [zeroAddress],
    deployer,
  ])
  const governor = await deploy('OpenLedgerGovernor', 'OpenLedgerGovernor', [
    gopen,
    timelock,
    p.votingDelay,
    p.votingPeriod,
    p.proposalThreshold,
    p.quorumPercent,
  ])
  const staking = await deploy('Staking', 'Staking', [deployer])
  const bank = await deploy('StakingBank', 'Bank', [deployer, wopen])

  // AI side.
  const policy = await deploy('PolicyRegistry', 'PolicyRegistry', [timelock])
  const datanets = await deploy('DatanetRegistry', 'DatanetRegistry')
  const models = await deploy('ModelRegistry', 'ModelRegistry', [datanets])
  const validators = await deploy('AttributionValidators', 'AttributionValidators', [
    timelock,
    timelock,
    governor,
    p.minValidatorBond,
    BigInt(p.auditWindow),
  ])
  await deploy('InferenceRouter', 'InferenceRouter', [
    models,
    datanets,
    validators,
    policy,
    timelock,
    wopen,
    bank,
  ])
  const modelFund = await deploy('ModelFund', 'ModelFund', [timelock, models])

  // Staking: the bank may create configs; a default public WOPEN product exists from the start.
  log('wiring staking')
  await call('grant TRUSTED_BANK', 'Staking', staking, 'grantRole', [roleId('TRUSTED_BANK'), bank])
  await call('create default staking config', 'Bank', bank, 'setConfig', [
    staking,
    DEFAULT_STAKING_CONFIG_ID,
    {
      bank,
      manager: deployer,
      token: wopen,
      interestRate: parseEther('0.05'),
      stakeDuration: 7n * 86400n,
      cooldownDuration: 86400n,
      maxStake: parseEther('10000000'),
      minStake: parseEther('1'),
      isActive: true,
      isTopupEnabled: true,
      isPublic: true,
    },
  ])
  await call('bank approves staking', 'Bank', bank, 'approve', [wopen, staking, maxUint256])

  // Governance: the governor proposes and cancels; anyone executes; the deployer steps down.
  log('wiring governance roles')
  await call('grant PROPOSER_ROLE', 'OpenLedgerTimelock', timelock, 'grantRole', [
    roleId('PROPOSER_ROLE'),
    governor,
  ])
  await call('grant CANCELLER_ROLE', 'OpenLedgerTimelock', timelock, 'grantRole', [
    roleId('CANCELLER_ROLE'),
    governor,
  ])
  await call('hand Staking admin to timelock', 'Staking', staking, 'grantRole', [ZERO_ROLE, timelock])
  await call('renounce Staking admin', 'Staking', staking, 'renounceRole', [ZERO_ROLE, deployer])
  await call('hand bank to timelock', 'Bank', bank, 'transferOwnership', [timelock])
  await call('renounce timelock admin', 'OpenLedgerTimelock', timelock, 'renounceRole', [ZERO_ROLE, deployer])

  log('funding treasury and model fund')
  await pay('fund treasury', timelock, p.treasuryFunding)
  await pay('fund ModelFund', modelFund, p.modelFundFunding)

  return {
    version: 1,
    chainId,
    contracts,
    accounts: { deployer, treasury: timelock },
  }
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>
}

const ZERO_ROLE: Hex = `0x${'00'.repeat(32)}`

function roleId(name: string): Hex {
  return keccak256(toHex(name))
}
