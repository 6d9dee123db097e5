import type { DataHandlerContext } from '@subsquid/evm-processor'
import type { Store } from '@subsquid/typeorm-store'

/**
 * Block, log and transaction fields a batch carries and the handlers read (receipts give gas and
 * the OP-stack L1 fee). The processor asks the node for exactly these (`setFields(FIELDS)`); they
 * are defined here because the computation is what reads them.
 *
 * @example
 * new EvmBatchProcessor().setFields(FIELDS)
 */
export const FIELDS = {
  block: { timestamp: true },
  log: { address: true, topics: true, data: true, transactionHash: true },
  transaction: {
    hash: true,
    from: true,
    to: true,
    gasUsed: true,
    gasPrice: true,
    effectiveGasPrice: true,
    l1Fee: true,
    l1GasUsed: true,
  },
} as const

/**
 * One batch as the processor hands it over: blocks with the {@link FIELDS} above, and the store of
 * the batch's transaction.
 *
 * @example
 * const handler = async (ctx: BatchContext) => planner.take(ctx.blocks, ctx.store, ctx.log)
 */
export type BatchContext = DataHandlerContext<Store, typeof FIELDS>
