import type { Address } from 'viem'
import { deployProxyAt } from '../../../src/chain/deployProxy'
import { ROOT, type TestChain } from '../../setup/chain'

/**
 * Deploys `name` behind an `OpenLedgerProxy` initialised with `args`, from `wallets[from ?? 0]`;
 * returns the proxy's address (what every caller uses).
 *
 * @example
 * const policy = await deployProxy(chain, 'PolicyRegistry', [owner])
 */
export async function deployProxy(
  chain: TestChain,
  name: string,
  args: readonly unknown[] = [],
  from = 0,
): Promise<Address> {
  const { address } = await deployProxyAt({
    root: ROOT,
    wallet: chain.wallets[from],
    publicClient: chain.publicClient,
    name,
    args,
  })
  return address
}
