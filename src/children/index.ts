export * from './stopChild'
export * from './tieToParent'
