// The public surface of src/util: what other folders and the tests import, and every error class.
// Everything else is internal.
export * from './errors'
export { assertPortFree, freePort } from './freePort'
export { repoRoot } from './repoRoot'
export { untilAborted } from './untilAborted'
