// The public surface of src/manifest: what other folders and the tests import, and every error class.
// Everything else is internal.
export * from './errors'
export {
  CONTRACT_NAMES,
  type ContractName,
  type Manifest,
  manifestStartBlock,
  readManifest,
  writeManifest,
} from './manifest'
