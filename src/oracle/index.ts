export * from './createOracle'
export * from './errors'
