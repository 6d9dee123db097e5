// The public surface of src/children: what other folders and the tests import, and every error class.
// Everything else is internal.
export { stopChild } from './stopChild'
export { tieToParent } from './tieToParent'
