// The public surface of src/chain: what other folders and the tests import, and every error class.
// Everything else is internal.
export { compileContracts } from './compileContracts'
export { connectChain } from './connectChain'
export { createClients, DEV_MNEMONIC } from './createClients'
export { deployAndWriteManifest } from './deployAndWriteManifest'
export { deployContract } from './deployContract'
export {
  DEFAULT_STAKING_CONFIG_ID,
  DEVNET_PARAMS,
  deployStack,
  PUBLISHED_PARAMS,
  type StackParams,
} from './deployStack'
export { deployToNode } from './deployToNode'
export * from './errors'
export { rpc, rpcBatch } from './rpc'
export { rpcChainId } from './rpcChainId'
export { type Devnet, startDevnet } from './startDevnet'
