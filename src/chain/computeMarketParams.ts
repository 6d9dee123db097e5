import { parseEther } from 'viem'

/** The ComputeMarket's parameters at deployment (the last three governed afterwards). */
export type ComputeMarketParams = {
  /** Blocks between a provider's unbonding request and its withdrawal. @default 100 */
  unbondingDelayBlocks: bigint
  /** Bond for one model at or above which a provider may be assigned requests, wei. @default 10 OPEN */
  minBond: bigint
  /** Blocks after a request within which its provider must fulfil. @default 20 */
  deadlineBlocks: bigint
  /** Taken from the provider's bond for a missed request (at most the bond), wei. @default 5 OPEN */
  slashAmount: bigint
}

/**
 * Defaults of {@link ComputeMarketParams}: 20 blocks is 40 s of a 2 s OP-stack L2, a slash of half
 * the minimum bond.
 *
 * @example
 * const p = { ...COMPUTE_MARKET_PARAMS, deadlineBlocks: 5n }
 */
export const COMPUTE_MARKET_PARAMS: ComputeMarketParams = {
  unbondingDelayBlocks: 100n,
  minBond: parseEther('10'),
  deadlineBlocks: 20n,
  slashAmount: parseEther('5'),
}
