// The public surface of src/analytics: what other folders and the tests import, and every error class.
// Everything else is internal.
export { copyToFile, readCsvSql } from './copyToFile'
export { disableChangeCapture, enableChangeCapture } from './disableChangeCapture'
export { createTableSql, duckConvertList, pgSelectList } from './duckColumns'
export { CAPTURE_SCHEMA, ensureChangeCapture } from './ensureChangeCapture'
export * from './errors'
export { exportParquet } from './exportParquet'
export { type MirroredTable, readMirroredTables } from './mirroredTables'
export { openAnalyticsReader } from './openAnalyticsReader'
export { type AnalyticsStore, openAnalyticsStore } from './openAnalyticsStore'
export {
  DEFAULT_SQL_LIMITS,
  formatSqlResult,
  LockDownOptions,
  lockDownInstance,
  runReadOnlySql,
  SqlFormat,
  SqlLimits,
  SqlQueryError,
  SqlRejectedError,
  SqlResultLimitError,
  SqlTimeoutError,
} from './query/index'
export { queryAnalytics } from './queryAnalytics'
export { ident } from './sqlNames'
export { type SyncResult, syncAnalytics } from './syncAnalytics'
export { readSyncState } from './syncState'
