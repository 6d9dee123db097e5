export * from './apiErrors'
export * from './evidenceRoutes'
export * from './limits'
export * from './startApiServer'
