// The public surface of src/remoteEvidence: what other folders and the tests import, and every error class.
// Everything else is internal.
export { DEFAULT_DOWNLOAD_LIMITS, downloadBytes } from './downloadBytes'
export * from './errors'
export { withDownloadedEvidence } from './withDownloadedEvidence'
