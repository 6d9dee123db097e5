import { readFileSync } from 'node:fs'
import { createConfig } from 'ponder'
import type { Abi } from 'viem'

// The harness (../run.ts) passes the chain and addresses through the environment: one config
// for every run, the same ABIs as the product (contracts/abi).
const env = (name: string): string => {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set (run through npm run bench:peers)`)
  return v
}
const addresses = JSON.parse(env('PEER_ADDRESSES')) as Record<string, `0x${string}`>
const endBlock = Number(env('PEER_END_BLOCK'))
const abi = (name: string): Abi =>
  JSON.parse(readFileSync(new URL(`../../../../contracts/abi/${name}.json`, import.meta.url), 'utf8'))
const contract = (name: string) => ({
  abi: abi(name),
  chain: 'devnet' as const,
  address: addresses[name],
  startBlock: 0,
  endBlock,
})

export default createConfig({
  database: { kind: 'postgres', connectionString: env('DATABASE_URL') },
  chains: {
    devnet: {
      id: Number(env('PEER_CHAIN_ID')),
      rpc: env('PEER_RPC_URL'),
      // Local anvil: no rate limit worth keeping, no cache between runs (fresh database each).
      maxRequestsPerSecond: 10_000,
      disableCache: true,
    },
  },
  contracts: {
    WOPEN: contract('WOPEN'),
    GOPEN: contract('GOPEN'),
    DatanetRegistry: contract('DatanetRegistry'),
    InferenceRouter: contract('InferenceRouter'),
  },
})
