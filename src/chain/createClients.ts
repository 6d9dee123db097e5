import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'

/** anvil's public dev mnemonic. Its keys hold devnet funds only; never use them on a real chain. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk'

export type Clients = {
  chain: Chain
  publicClient: PublicClient
  /** Signs with the given key, or anvil's first dev account when none is given. */
  wallet: WalletClient<Transport, Chain, Account>
  /** A wallet for dev account `index` (devnet only). */
  devWallet(index: number): WalletClient<Transport, Chain, Account>
}

/**
 * viem clients for a node: OPEN as the native currency, no block-number caching (the demo and the
 * tests wait for the head), fast receipt polling on loopback.
 *
 * @example
 * const { publicClient, wallet } = createClients({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
 */
export function createClients({
  rpcUrl,
  chainId,
  privateKey,
}: {
  rpcUrl: string
  chainId: number
  privateKey?: `0x${string}`
}): Clients {
  const chain = defineChain({
    id: chainId,
    name: chainId === 1612 ? 'OpenLedger' : chainId === 161201 ? 'OpenLedger Testnet' : 'OpenLedger devnet',
    nativeCurrency: { name: 'OPEN', symbol: 'OPEN', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  // Batching: concurrent reads (the oracle's, the auditor's) go out as one JSON-RPC batch.
  const transport = http(rpcUrl, { batch: { batchSize: 500, wait: 0 }, retryCount: 2 })
  const publicClient = createPublicClient({
    chain,
    transport,
    cacheTime: 0,
    pollingInterval: 50,
  }) as PublicClient
  const devWallet = (index: number) =>
    createWalletClient({
      chain,
      transport,
      account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }),
    })
  const wallet = privateKey
    ? createWalletClient({ chain, transport, account: privateKeyToAccount(privateKey) })
    : devWallet(0)
  return { chain, publicClient, wallet, devWallet }
}
