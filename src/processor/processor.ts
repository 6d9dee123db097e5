import { EvmBatchProcessor } from '@subsquid/evm-processor'
import { FIELDS } from '../computation/batchContext'
import { DynamicRoutes } from '../computation/dynamicContracts'
import type { Manifest } from '../manifest/manifest'
import { handlersByName } from './handlersByName'

/** Blocks after which a block counts as final, unless {@link ProcessorOptions.finalityConfirmation} says otherwise. */
export const DEFAULT_FINALITY_CONFIRMATION = 10

export type ProcessorOptions = {
  rpcUrl: string
  manifest: Manifest
  /** Blocks after which a block is final (reorgs deeper than this are not rolled back). @default 10 */
  finalityConfirmation?: number
  /** Requests per second to the node. @default 1000 (a local node); lower it for public RPCs */
  rateLimit?: number
  /** Concurrent requests. @default 10 */
  capacity?: number
  /** Per-request timeout, ms. @default 10_000 */
  requestTimeoutMs?: number
  /**
   * Pauses after 1, 2, 3… RPC failures in a row, ms (the last one repeats). Tests that inject
   * hundreds of faults shorten it. @default Subsquid's: 10, 100, 500, 2000, 10000, 20000
   */
  rpcRetryScheduleMs?: readonly number[]
  /** How often to poll for a new head, ms. @default 250 */
  headPollIntervalMs?: number
  /**
   * Contracts (manifest names) whose logs come with the emitting transaction (sender, gas, L1 fee:
   * one receipt per transaction, the costly part of ingestion); the others' logs come from
   * `eth_getLogs` alone. Only transactions fetched become ChainTransaction rows and count in
   * Account.gasUsed/txFeesPaid and DailyStat.transactions/gasUsed/l1Fees.
   * `'all'` keeps every indexed transaction. @default {@link GAS_CONTRACTS}: the AI side, whose
   * operations' gas and L1 fee the product reports (DESIGN: "gas spent by every AI operation");
   * token transfers, staking and governance are indexed without their receipts.
   */
  transactionsFor?: 'all' | readonly string[]
}

/** The AI-side contracts: their transactions' gas and L1 fee are recorded (ChainTransaction, Inference, Settlement). */
export const GAS_CONTRACTS = [
  'PolicyRegistry',
  'DatanetRegistry',
  'ModelRegistry',
  'AttributionValidators',
  'InferenceRouter',
  'ModelFund',
  'AgentRegistry',
  'ComputeMarket',
  'ModelShares',
] as const

/**
 * Builds the EvmBatchProcessor for a manifest: for each listed contract all its logs (every topic,
 * so unknown events reach the handler and are recorded as anomalies instead of being skipped) from
 * its start block, with the emitting transaction's receipt fields.
 *
 * @example
 * const processor = buildProcessor({ rpcUrl: 'http://127.0.0.1:8545', manifest })
 */
export function buildProcessor(opts: ProcessorOptions) {
  const processor = new EvmBatchProcessor()
    .setRpcEndpoint({
      url: opts.rpcUrl,
      rateLimit: opts.rateLimit ?? 1000,
      capacity: opts.capacity ?? 10,
      requestTimeout: opts.requestTimeoutMs ?? 10_000,
      maxBatchCallSize: 100,
    })
    .setRpcDataIngestionSettings({ headPollInterval: opts.headPollIntervalMs ?? 250 })
    .setFinalityConfirmation(opts.finalityConfirmation ?? DEFAULT_FINALITY_CONFIRMATION)
    .setFields(FIELDS)
  const withTx = opts.transactionsFor ?? GAS_CONTRACTS
  for (const [name, entry] of Object.entries(opts.manifest.contracts)) {
    processor.addLog({
      address: [entry.address.toLowerCase()],
      range: { from: entry.startBlock },
      transaction: withTx === 'all' || (withTx as readonly string[]).includes(name),
    })
  }
  // Contracts the manifest's factories create at run time: their topics from any address.
  const created = new DynamicRoutes(opts.manifest, handlersByName).request()
  if (created) processor.addLog({ topic0: created.topic0, range: { from: created.from } })
  return processor
}

export type Processor = ReturnType<typeof buildProcessor>
