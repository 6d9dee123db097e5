import type { Address, Hex } from 'viem'

/** Fee shares in basis points, as PolicyRegistry emits them. */
export type FeePolicy = {
  protocolBps: number
  modelOwnerBps: number
  stakersBps: number
  contributorsBps: number
}

/** Attribution policy in force, as PolicyRegistry emits it. */
export type AttributionPolicy = {
  method: string
  topK: number
  minWeightPpm: number
  auditTolerancePpm: number
}

/** A sealed datanet version a model version was trained on. */
export type TrainedVersion = {
  datanetId: bigint
  version: number
  merkleRoot: Hex
  contributionCount: number
}

/** An accepted contribution as indexed (acceptance order is the Merkle leaf order). */
export type ContributionRecord = {
  id: bigint
  datanetId: bigint
  contributor: Address
  contentHash: Hex
  /** 0-based position among the datanet's accepted contributions. */
  acceptanceIndex: number
}

/** Everything the chain says about one settled inference. */
export type SettlementRecord = {
  inferenceId: bigint
  modelId: bigint
  modelVersion: number
  /** The model version's artifact hash (its model package). */
  artifactHash: Hex
  attributionMethod: string
  inputHash: Hex
  fee: bigint
  /** Block of the settlement: the policies in force are those of this block. */
  blockNumber: number
  validator: Address
  payouts: { protocol: bigint; modelOwner: bigint; stakers: bigint; contributors: bigint; dust: bigint }
  rewards: { contributionId: bigint; contributor: Address; amount: bigint; weightPpm: number }[]
  feePolicy: FeePolicy
  attributionPolicy: AttributionPolicy
  trainedOn: TrainedVersion[]
  /** Present when settled with settleWithLineage: one entry per level, level 0 first. */
  lineage?: Lineage
}

/** One level of a lineage settlement: the model version whose training set it pays, and its money. */
export type LineageLevel = {
  level: number
  modelId: bigint
  modelVersion: number
  artifactHash: Hex
  attributionMethod: string
  trainedOn: TrainedVersion[]
  /** The base the registry records for this version (null: not fine-tuned). */
  base: { modelId: bigint; modelVersion: number } | null
  /** What reached the level, what it kept, what its contributors were paid (UpstreamRoyaltyPaid). */
  amount: bigint
  kept: bigint
  paid: bigint
  rewards: SettlementRecord['rewards']
}

/** The levels of a lineage settlement and the upstream share in force at its block. */
export type Lineage = { upstreamShareBps: number; levels: LineageLevel[] }

export type AuditStatus = 'VERIFIED' | 'MISMATCH' | 'UNVERIFIABLE'

/** Outcome of one check, in the order they run. */
export type AuditCheck = { name: string; ok: boolean; detail?: string }

/** The audit of one settled inference. Deterministic: the same inputs give the same bytes. */
export type AuditReport = {
  format: 'openledger-audit/1'
  inferenceId: string
  modelId: string
  modelVersion: number
  validator: Address
  blockNumber: number
  status: AuditStatus
  /** Why the audit is not VERIFIED (first failing check). */
  reason?: string
  /** Largest |settled − recomputed| weight over all contributions, ppm. */
  maxDeviationPpm?: number
  /** First contribution (by id) whose settled weight or payment is wrong. */
  offendingContributionId?: string
  /** Execution provider that recomputed the weights ('cpu' | 'cuda'). */
  device?: string
  settled: { contributionId: string; weightPpm: number }[]
  recomputed?: { contributionId: string; weightPpm: number }[]
  checks: AuditCheck[]
  /** Lineage settlements: each level's own verdict (level 0 is the fine-tuned version). */
  levels?: LevelReport[]
}

/** The audit of one level of a lineage settlement. */
export type LevelReport = {
  level: number
  modelId: string
  modelVersion: number
  status: AuditStatus
  reason?: string
  maxDeviationPpm?: number
  offendingContributionId?: string
  settled: { contributionId: string; weightPpm: number }[]
  recomputed?: { contributionId: string; weightPpm: number }[]
}
