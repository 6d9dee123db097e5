export * from './apiErrors'
export * from './limits'
export * from './startApiServer'
export * from './evidenceRoutes'
