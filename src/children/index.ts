export * from './tieToParent'
