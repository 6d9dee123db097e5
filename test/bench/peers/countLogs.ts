import { rpc } from '../../../src/chain/rpc'

/**
 * Number of logs the given contracts emitted in blocks 0..head: the events an indexer subscribed
 * to them has to process, counted from the node itself (the same denominator for every indexer).
 *
 * @example
 * await countLogs(rpcUrl, [wopen, gopen], 25_100)
 */
export async function countLogs(
  rpcUrl: string,
  addresses: string[],
  head: number,
  step = 2000,
): Promise<number> {
  let n = 0
  for (let from = 0; from <= head; from += step) {
    const logs = await rpc<unknown[]>(rpcUrl, 'eth_getLogs', [
      {
        address: addresses,
        fromBlock: `0x${from.toString(16)}`,
        toBlock: `0x${Math.min(head, from + step - 1).toString(16)}`,
      },
    ])
    n += logs.length
  }
  return n
}
