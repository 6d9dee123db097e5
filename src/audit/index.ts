// The public surface of src/audit: what other folders and the tests import, and every error class.
// Everything else is internal.
export { auditOnce } from './auditOnce'
export { auditorAccount } from './auditorAccount'
export { type AuditDeps, auditSettlements } from './auditSettlements'
export type {
  AuditReport,
  ContributionRecord,
  FeePolicy,
  LevelReport,
  Lineage,
  LineageLevel,
  SettlementRecord,
} from './auditTypes'
export { checkPayouts } from './checkPayouts'
export { compareWeights } from './compareWeights'
export { createAuditScorers } from './createAuditScorers'
export * from './errors'
export {
  EVIDENCE_FILE_RE,
  type Evidence,
  evidenceContributions,
  modelCheckpoints,
  parseEvidence,
  readEvidence,
  reportBytes,
  signEvidence,
  storeContributions,
  writeEvidence,
} from './evidence'
export { type LevelShare, lineageSplit } from './lineageSplit'
export { loadSettlementsFromChain } from './loadSettlementsFromChain'
export { loadSettlementsFromDb } from './loadSettlementsFromDb'
export { readEvidenceEntry } from './readEvidenceEntry'
export { requireTrustedAuditors } from './requireTrustedAuditors'
export { runAuditor } from './runAuditor'
export { SCORE_TIE_TOLERANCE } from './scoreTolerance'
export { verifyEvidence } from './verifyEvidence'
export { type FileVerification, verifyEvidenceEntries } from './verifyEvidenceEntries'
export { verifyEvidenceFiles } from './verifyEvidenceFiles'
