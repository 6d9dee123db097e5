export { type DisableResult, disableChangeCapture, enableChangeCapture } from './disableChangeCapture'
export { CAPTURE_SCHEMA, ensureChangeCapture } from './ensureChangeCapture'
export {
  AnalyticsDisabledError,
  AnalyticsExportError,
  AnalyticsLockedError,
  AnalyticsOpenError,
  AnalyticsQueryError,
  AnalyticsSyncError,
} from './errors'
export { type ExportResult, exportParquet } from './exportParquet'
export {
  type MirroredColumn,
  type MirroredTable,
  OVERFLOW_SUFFIX,
  readMirroredTables,
} from './mirroredTables'
export { openAnalyticsReader } from './openAnalyticsReader'
export { type AnalyticsStore, META_SCHEMA, openAnalyticsStore } from './openAnalyticsStore'
export { type AnalyticsResult, queryAnalytics } from './queryAnalytics'
export { type SyncOptions, type SyncResult, syncAnalytics } from './syncAnalytics'
export { readSyncState, type SyncState } from './syncState'
