import type { Abi, AbiFunction, Address, Hex } from 'viem'
import type { TestChain } from '../../setup/chain'

/** Candidate arguments per ABI type: every view is called with every combination. */
export type ViewArgs = { uint256: bigint[]; uint32: number[]; address: Address[]; bytes4: Hex[] }

/**
 * Everything a contract shows: every view function of `abi` called with every combination of the
 * candidate arguments (a revert is recorded by its error name, so "not found" is state too), plus
 * the raw storage slots 0..`slots`-1. Two snapshots of a proxy, before and after an upgrade, are
 * equal exactly when the upgrade kept what was stored. Views taking bytes32 (pure helpers) are skipped.
 *
 * @example
 * const before = await viewSnapshot(chain, stack.router, inferenceRouterAbi, args)
 */
export async function viewSnapshot(
  chain: TestChain,
  address: Address,
  abi: Abi,
  args: ViewArgs,
  slots = 24,
): Promise<Record<string, unknown>> {
  const calls: { key: string; fn: AbiFunction; args: unknown[] }[] = []
  const views = abi.filter(
    (f): f is AbiFunction =>
      f.type === 'function' && (f.stateMutability === 'view' || f.stateMutability === 'pure'),
  )
  for (const fn of views) {
    const domains = fn.inputs.map((i) => args[i.type as keyof ViewArgs] as unknown[] | undefined)
    if (domains.some((d) => d === undefined)) continue
    for (const combo of product(domains as unknown[][])) {
      calls.push({ key: `${fn.name}(${combo.map(String).join(',')})`, fn, args: combo })
    }
  }
  const out: Record<string, unknown> = {}
  for (let i = 0; i < calls.length; i += 64) {
    await Promise.all(
      calls.slice(i, i + 64).map(async (c) => {
        try {
          out[c.key] = await chain.publicClient.readContract({
            address,
            abi: [c.fn],
            functionName: c.fn.name,
            args: c.args,
          })
        } catch (e) {
          out[c.key] = `revert ${revertName(e)}`
        }
      }),
    )
  }
  for (let slot = 0; slot < slots; slot++) {
    out[`slot ${slot}`] = await chain.publicClient.getStorageAt({ address, slot: `0x${slot.toString(16)}` })
  }
  return out
}

function product(domains: unknown[][]): unknown[][] {
  return domains.reduce<unknown[][]>((acc, d) => acc.flatMap((prefix) => d.map((v) => [...prefix, v])), [[]])
}

function revertName(e: unknown): string {
  let current = e as { cause?: unknown; data?: { errorName?: string }; shortMessage?: string } | undefined
  while (current) {
    if (current.data?.errorName) return current.data.errorName
    if (!current.cause) return current.shortMessage ?? 'unknown'
    current = current.cause as typeof current
  }
  return 'unknown'
}
