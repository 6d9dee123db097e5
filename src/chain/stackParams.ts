import type { Address } from 'viem'
import type { ComputeMarketParams } from './computeMarketParams'

/** Governance, staking and funding parameters of a deployment (see `DEVNET_PARAMS`, `PUBLISHED_PARAMS`). */
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
  /** ComputeMarket parameters over {@link COMPUTE_MARKET_PARAMS}. @default COMPUTE_MARKET_PARAMS */
  computeMarket?: Partial<ComputeMarketParams>
}
