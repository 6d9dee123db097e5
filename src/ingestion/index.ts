// The public surface of src/ingestion: what other folders and the tests import, and every error class.
// Everything else is internal.
export { detectDeepReorg } from './detectDeepReorg'
export * from './errors'
export { selectLogs } from './ingestFinalizedLogs'
export { retryBrokenAnswers } from './retryBrokenAnswers'
export { withFastFinalizedIngestion } from './withFastFinalizedIngestion'
