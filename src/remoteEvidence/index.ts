export * from './downloadBytes'
export * from './downloadEvidence'
export * from './errors'
export * from './remoteArtifactStore'
