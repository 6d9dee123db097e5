import pg from 'pg'
import type { DbSettings } from '../db/dbSettings'
import { readFinalizedHead } from '../db/tables/processorStatus'
import { DeepReorgError } from './errors'

/**
 * Compares the last block the processor committed as final with the chain's block at that height.
 * Returns a {@link DeepReorgError} when they differ, undefined when they match or cannot be read.
 * Used to explain a processor failure: Subsquid itself only reports a failed assertion.
 *
 * @example
 * const deep = await detectDeepReorg(settings, rpcUrl); if (deep) throw deep
 */
export async function detectDeepReorg(
  db: DbSettings,
  rpcUrl: string,
  cause?: unknown,
): Promise<DeepReorgError | undefined> {
  const client = new pg.Client({ ...db })
  try {
    await client.connect()
    const status = await readFinalizedHead(client)
    if (!status || status.height < 0) return undefined
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_getBlockByNumber',
        params: [`0x${status.height.toString(16)}`, false],
      }),
    })
    const body = (await res.json()) as { result?: { hash: string } | null }
    const chainHash = body.result?.hash
    if (chainHash === status.hash) return undefined
    return new DeepReorgError({ height: status.height, indexedHash: status.hash, chainHash }, { cause })
  } catch {
    return undefined
  } finally {
    await client.end().catch(() => {})
  }
}
