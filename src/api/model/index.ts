export * from '../../db/tables/naming'
export * from './parseSchemaModel'
export * from './types'
