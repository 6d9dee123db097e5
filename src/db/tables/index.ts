// The public surface of src/db/tables: what other folders and the tests import, and every error class.
// Everything else is internal.
export { type EntityTables, tables } from './entityTables'
export { handWrittenSql, handWrittenStatements } from './handWrittenSql'
export { toColumnName, toLowerCamelCase, toPlural, toTableName } from './naming'
export { PROCESSOR_SCHEMA, processorStatusSql, readFinalizedHead } from './processorStatus'
export { SnakeNamingStrategy } from './snakeNamingStrategy'
