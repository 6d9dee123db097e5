export * from './naming'
export * from './parseSchemaModel'
export * from './types'
