export * from './analyticsStatusField'
export * from './buildApiSchema'
export * from './EntityTypes'
export * from './squidStatusField'
