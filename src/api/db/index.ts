export * from './createApiPool'
export * from './ensureReadOnlyRole'
