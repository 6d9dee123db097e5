export * from './buildApiSchema'
export * from './EntityTypes'
export * from './publicPartHealth'
export * from './squidStatusField'
