import type { Abi, Address, TransactionReceipt } from 'viem'
import type { TestChain, Wallet } from '../../setup/chain'

type Call = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint }

/**
 * Simulates then sends a contract call from `wallet`, waits for its receipt and returns the
 * function's return value. A revert throws viem's error carrying the decoded custom error, which
 * `expectRevert` reads.
 *
 * @example
 * const { result } = await write(chain, wallet, { address, abi, functionName: 'createDatanet', args })
 */
export async function write<T = unknown>(
  chain: TestChain,
  wallet: Wallet,
  call: Call,
): Promise<{ result: T; receipt: TransactionReceipt }> {
  const { result, request } = await chain.publicClient.simulateContract({ ...call, account: wallet.account })
  const hash = await wallet.writeContract(request as Parameters<Wallet['writeContract']>[0])
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
  if (receipt.status !== 'success') throw new Error(`${call.functionName} reverted in ${hash}`)
  return { result: result as T, receipt }
}

/** Reads a view function. */
export async function read<T = unknown>(chain: TestChain, call: Omit<Call, 'value'>): Promise<T> {
  return (await chain.publicClient.readContract(call)) as T
}
