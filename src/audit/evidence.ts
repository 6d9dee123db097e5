/**
 * Evidence files: one JSON document per audited inference holding everything needed to re-check
 * the audit offline (the settlement as the chain recorded it, the report), the report's keccak256
 * and the auditor's signature over it. The contributions of the sealed versions the model was
 * trained on (enough to rebuild every Merkle root) go to the artifact store once and the file
 * names their hash: thousands of inferences of one model version share one list. With the
 * artifact store, `verifyEvidence` recomputes the report and expects the very same bytes.
 */
import fs from 'node:fs'
import path from 'node:path'
import { type Address, type Hex, type LocalAccount, recoverMessageAddress, toHex } from 'viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import type { ModelScorerCache } from '../attribution/modelScorer'
import { keccak256Hex } from '../chain/keccak256Bytes'
import { auditSettlements } from './auditSettlements'
import type { AuditReport, ContributionRecord, SettlementRecord } from './auditTypes'
import { EvidenceFormatError } from './errors'

export const EVIDENCE_FORMAT = 'openledger-audit-evidence/1'

export type Evidence = {
  format: typeof EVIDENCE_FORMAT
  record: SettlementRecord
  /**
   * Artifact holding the accepted contributions of every sealed version the model version was
   * trained on, by datanet id (JSON, bigints as strings).
   */
  contributionsArtifact: Hex
  report: AuditReport
  reportHash: Hex
  auditor: Address
  signature: Hex
}

/**
 * Canonical bytes of a report (key order as built, bigints as decimal strings): what is hashed
 * and signed, and what a re-run must reproduce.
 *
 * @example
 * const hash = keccak256Hex(reportBytes(report))
 */
export function reportBytes(report: AuditReport): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(report))
}

/**
 * Builds and signs the evidence of one audit.
 *
 * @example
 * const evidence = await signEvidence({ record, contributionsArtifact, report, account })
 */
export async function signEvidence(input: {
  record: SettlementRecord
  /** From {@link storeContributions}. */
  contributionsArtifact: Hex
  report: AuditReport
  account: LocalAccount
}): Promise<Evidence> {
  const reportHash = keccak256Hex(reportBytes(input.report))
  return {
    format: EVIDENCE_FORMAT,
    record: input.record,
    contributionsArtifact: input.contributionsArtifact,
    report: input.report,
    reportHash,
    auditor: input.account.address,
    signature: await input.account.signMessage({ message: { raw: reportHash } }),
  }
}

/**
 * Puts a contributions map (see {@link evidenceContributions}) in the artifact store; returns its hash.
 *
 * @example
 * const contributionsArtifact = await storeContributions(store, await evidenceContributions(record, contributionsOf))
 */
export function storeContributions(
  store: ArtifactStore,
  contributions: Record<string, ContributionRecord[]>,
): Promise<Hex> {
  return store.put(
    new TextEncoder().encode(
      JSON.stringify(contributions, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    ),
  )
}

/**
 * Writes signed evidence files for audited records, storing each model version's contributions
 * list once per writer (every inference of that version names the same artifact).
 *
 * @example
 * const write = evidenceWriter({ store, account, dir: '.data/audits' })
 * await write(records[i], reports[i], contributionsOf)
 */
export function evidenceWriter(opts: { store: ArtifactStore; account: LocalAccount; dir: string }) {
  const artifacts = new Map<string, Promise<Hex>>()
  return async (
    record: SettlementRecord,
    report: AuditReport,
    contributionsOf: (datanetId: bigint) => Promise<ContributionRecord[]>,
  ): Promise<string> => {
    const key = record.trainedOn
      .map((v) => `${v.datanetId}:${v.version}:${v.merkleRoot}:${v.contributionCount}`)
      .join(',')
    let artifact = artifacts.get(key)
    if (!artifact) {
      artifact = evidenceContributions(record, contributionsOf).then((c) => storeContributions(opts.store, c))
      artifacts.set(key, artifact)
    }
    const evidence = await signEvidence({
      record,
      contributionsArtifact: await artifact,
      report,
      account: opts.account,
    })
    return writeEvidence(opts.dir, evidence)
  }
}

/**
 * The contributions an evidence file must carry: the accepted contributions of each sealed
 * version the settlement's model version was trained on, enough to rebuild every Merkle root.
 *
 * @example
 * const contributions = await evidenceContributions(record, contributionsOf)
 */
export async function evidenceContributions(
  record: SettlementRecord,
  contributionsOf: (datanetId: bigint) => Promise<ContributionRecord[]>,
): Promise<Record<string, ContributionRecord[]>> {
  const out: Record<string, ContributionRecord[]> = {}
  for (const v of record.trainedOn) {
    const rows = (await contributionsOf(v.datanetId)).filter((c) => c.acceptanceIndex < v.contributionCount)
    out[v.datanetId.toString()] = rows.sort((x, y) => x.acceptanceIndex - y.acceptanceIndex)
  }
  return out
}

/**
 * Writes `<dir>/inference-<id>.json` atomically; returns the path.
 *
 * @example
 * const file = writeEvidence('.data/audits', evidence)
 */
export function writeEvidence(dir: string, evidence: Evidence): string {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `inference-${evidence.report.inferenceId}.json`)
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(
    tmp,
    `${JSON.stringify(evidence, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
  )
  fs.renameSync(tmp, file)
  return file
}

/**
 * Reads an evidence file back, restoring bigints.
 *
 * @throws {EvidenceFormatError} when the file is not evidence of a known format.
 * @example
 * const evidence = readEvidence('.data/audits/inference-12.json')
 */
export function readEvidence(file: string): Evidence {
  let raw: Evidence
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Evidence
  } catch (cause) {
    throw new EvidenceFormatError(`${file} is not readable JSON`, { cause })
  }
  if (raw?.format !== EVIDENCE_FORMAT)
    throw new EvidenceFormatError(`${file} is not ${EVIDENCE_FORMAT} evidence`)
  const r = raw.record as unknown as Record<string, never>
  const big = (v: unknown) => BigInt(v as string)
  const record: SettlementRecord = {
    ...raw.record,
    inferenceId: big(r.inferenceId),
    modelId: big(r.modelId),
    fee: big(r.fee),
    payouts: Object.fromEntries(
      Object.entries(raw.record.payouts).map(([k, v]) => [k, big(v)]),
    ) as SettlementRecord['payouts'],
    rewards: raw.record.rewards.map((w) => ({
      ...w,
      contributionId: big(w.contributionId),
      amount: big(w.amount),
    })),
    trainedOn: raw.record.trainedOn.map((t) => ({ ...t, datanetId: big(t.datanetId) })),
  }
  return { ...raw, record }
}

export type EvidenceCheck = {
  /** The recomputed report is byte-identical to the one in the file (same device kind). */
  reportMatches: boolean
  /**
   * Same status, reason and offending contribution, and recomputed weights within 2 ppm: what
   * must hold across devices (CUDA and CPU round float32 sums differently).
   */
  verdictMatches: boolean
  /** The report hash is the keccak256 of the report in the file. */
  hashMatches: boolean
  /** Address recovered from the signature (compare with `evidence.auditor`). */
  signer: Address
  recomputed: AuditReport
}

/**
 * Re-checks evidence offline: recomputes the audit from the file's chain data and the artifact
 * store, and checks the hash and signature.
 *
 * @throws {ArtifactNotFoundError} the contributions list (or a model artifact) is not in the store.
 * @example
 * const check = await verifyEvidence(readEvidence(file), { store, scorers })
 * check.reportMatches && check.signer === evidence.auditor
 */
export async function verifyEvidence(
  evidence: Evidence,
  deps: { store: ArtifactStore; scorers: ModelScorerCache },
): Promise<EvidenceCheck> {
  const raw = JSON.parse(
    new TextDecoder().decode(await deps.store.get(evidence.contributionsArtifact)),
  ) as Record<string, (Omit<ContributionRecord, 'id' | 'datanetId'> & { id: string; datanetId: string })[]>
  const contributions = Object.fromEntries(
    Object.entries(raw).map(([k, rows]) => [
      k,
      rows.map((c) => ({ ...c, id: BigInt(c.id), datanetId: BigInt(c.datanetId) })),
    ]),
  )
  const [recomputed] = await auditSettlements([evidence.record], {
    ...deps,
    contributionsOf: async (datanetId) => contributions[datanetId.toString()] ?? [],
  })
  const hashMatches = keccak256Hex(reportBytes(evidence.report)) === evidence.reportHash
  const signer = await recoverMessageAddress({
    message: { raw: evidence.reportHash },
    signature: evidence.signature,
  })
  const a = evidence.report
  const weightsClose = (x = a.recomputed ?? [], y = recomputed.recomputed ?? []) =>
    x.length === y.length &&
    x.every((w, i) => w.contributionId === y[i].contributionId && Math.abs(w.weightPpm - y[i].weightPpm) <= 2)
  return {
    reportMatches: toHex(reportBytes(recomputed)) === toHex(reportBytes(evidence.report)),
    verdictMatches:
      a.status === recomputed.status &&
      a.offendingContributionId === recomputed.offendingContributionId &&
      (a.status !== 'UNVERIFIABLE' || a.reason === recomputed.reason) &&
      weightsClose(),
    hashMatches,
    signer,
    recomputed,
  }
}
