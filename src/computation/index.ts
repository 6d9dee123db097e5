// The public surface of src/computation: what other folders and the tests import, and every error class.
// Everything else is internal.
export { type BatchContext, FIELDS } from './batchContext'
export { BatchPlanner } from './batchPlanner'
export { decodeRawText } from './decodeRawText'
export { type DynamicLogRequest, DynamicRoutes, type FactoryCreations } from './dynamicContracts'
export { EMPTY_STORE } from './emptyStore'
export { addressId } from './entityIds'
export * from './errors'
export {
  type AbiEventLike,
  type ContractHandlers,
  type Creation,
  creation,
  type EventHandler,
  on,
} from './eventHandler'
export { FLUSH_ORDER } from './flushOrder'
export { HandlerContext, newAccount, type Prefetch, ZERO_ADDRESS } from './handlerContext'
export { isDataError } from './isDataError'
export { isolateBatch } from './isolateBatch'
export { sanitiseValues } from './sanitiseValues'
export { escapeUtf8Bytes } from './storableText'
