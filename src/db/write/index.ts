// The public surface of src/db/write: what other folders and the tests import, and every error class.
// Everything else is internal.
export type { EntityClass, EntityWithId } from './entityTypes'
export * from './errors'
export { inSavepoint } from './inSavepoint'
export { insertRows } from './insertRows'
export { ScriptQuery } from './scriptQuery'
export { storeInternals } from './storeInternals'
export { type Statement, unnestStatements } from './unnestStatements'
export { upsertRows } from './upsertRows'
export { writeAsScript } from './writeScript'
