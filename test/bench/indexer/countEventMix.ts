import { type AbiEvent, type Address, type Hex, toEventSelector } from 'viem'
import * as abis from '../../../src/abi/viem'
import { rpc } from '../../../src/chain/rpc'

const EVENT_NAMES = new Map<string, string>()
for (const abi of Object.values(abis))
  for (const item of abi as readonly { type: string }[])
    if (item.type === 'event') EVENT_NAMES.set(toEventSelector(item as AbiEvent), (item as AbiEvent).name)

/**
 * The chain's logs from genesis to `head`, counted per `Contract.Event` (contracts named by
 * `names`, an address → name map; others are `other`): what the benchmark's chain holds, read
 * back from the node rather than assumed from what was sent.
 *
 * @example
 * const mix = await countEventMix(rpcUrl, { [wopen]: 'WOPEN' }, head)
 */
export async function countEventMix(
  rpcUrl: string,
  names: Record<Address, string>,
  head: number,
): Promise<Record<string, number>> {
  const byAddress = new Map(Object.entries(names).map(([a, n]) => [a.toLowerCase(), n]))
  const counts: Record<string, number> = {}
  for (let from = 0; from <= head; from += 2000) {
    const logs = await rpc<{ address: Address; topics: Hex[] }[]>(rpcUrl, 'eth_getLogs', [
      { fromBlock: `0x${from.toString(16)}`, toBlock: `0x${Math.min(head, from + 1999).toString(16)}` },
    ])
    for (const l of logs) {
      const key = `${byAddress.get(l.address.toLowerCase()) ?? 'other'}.${EVENT_NAMES.get(l.topics[0] ?? '') ?? 'unknown'}`
      counts[key] = (counts[key] ?? 0) + 1
    }
  }
  return Object.fromEntries(Object.entries(counts).sort(([, a], [, b]) => b - a))
}
