import type { PublicClient } from 'viem'
import { createClients } from './createClients'
import { rpcChainId } from './rpcChainId'

/**
 * A read client of the node at `rpcUrl`, after asking the node its chain id (and checking it is
 * `expectedChainId`, when given): what reading settlements or a head needs before the first call.
 *
 * @throws {RpcUnreachableError} nothing answers, or not as JSON-RPC.
 * @throws {ChainIdMismatchError} the node is on another chain.
 * @example
 * const { publicClient, chainId } = await connectChain(rpcUrl, manifest.chainId)
 */
export async function connectChain(
  rpcUrl: string,
  expectedChainId?: number,
): Promise<{ chainId: number; publicClient: PublicClient }> {
  const chainId = await rpcChainId(rpcUrl, { expected: expectedChainId })
  return { chainId, publicClient: createClients({ rpcUrl, chainId }).publicClient }
}
