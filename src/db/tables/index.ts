export * from './handWrittenSql'
export * from './processorStatus'
