// The public surface of src/processor: what other folders and the tests import, and every error class.
// Everything else is internal.
export * from './errors'
export { handlersByName } from './handlersByName'
export { createIndexerMetrics, serveMetrics } from './metrics'
export { NoopDatabase } from './noopDatabase'
export { buildProcessor, GAS_CONTRACTS } from './processor'
export { type RunIndexerOptions, runIndexer } from './runIndexer'
