export * from './handWrittenSql'
export * from './naming'
export * from './processorStatus'
export * from './snakeNamingStrategy'
