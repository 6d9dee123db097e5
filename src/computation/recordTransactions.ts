import { ChainTransaction } from '../model'
import type { DecodedBatch } from './batchDecoder'
import type { HandlerContext, LogPosition } from './handlerContext'

/**
 * Records each transaction of the batch's indexed logs: a `ChainTransaction` row with its gas,
 * execution fee and OP-stack L1 fee, added to the sender's totals and to the day's statistics.
 *
 * @example
 * recordTransactions(c, decoded.txs, decoded.contractsByTx, decoded.items[0]?.pos)
 */
export function recordTransactions(
  c: HandlerContext,
  txs: DecodedBatch['txs'],
  contractsByTx: DecodedBatch['contractsByTx'],
  firstPos: LogPosition | undefined,
): void {
  for (const [hash, { tx, block, ts }] of txs) {
    c.pos = { ...(firstPos as LogPosition), blockNumber: block, timestamp: ts, txHash: hash }
    const from = c.account(tx.from)
    const price = tx.effectiveGasPrice ?? tx.gasPrice
    const execFee = tx.gasUsed !== undefined && price !== undefined ? tx.gasUsed * price : undefined
    const total = execFee === undefined ? undefined : execFee + (tx.l1Fee ?? 0n)
    from.gasUsed += tx.gasUsed ?? 0n
    from.txFeesPaid += total ?? 0n
    const day = c.day()
    day.transactions += 1
    day.gasUsed += tx.gasUsed ?? 0n
    day.l1Fees += tx.l1Fee ?? 0n
    c.append(
      new ChainTransaction({
        id: hash,
        blockNumber: block,
        timestamp: new Date(ts),
        from,
        to: tx.to ?? null,
        gasUsed: tx.gasUsed ?? null,
        gasPrice: tx.gasPrice ?? null,
        effectiveGasPrice: tx.effectiveGasPrice ?? null,
        l1Fee: tx.l1Fee ?? null,
        l1GasUsed: tx.l1GasUsed ?? null,
        totalFee: total ?? null,
        contracts: [...(contractsByTx.get(hash) ?? [])].sort(),
      }),
    )
  }
}
