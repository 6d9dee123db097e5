/**
 * Evidence files: one JSON document per audited inference that stands alone. Its body holds the
 * chain it speaks of (chain id, InferenceRouter), the settlement record as the chain recorded it,
 * the hash of the contributions artifact (every accepted contribution of the sealed versions the
 * model was trained on, enough to rebuild each Merkle root; stored once per model version), the
 * model's checkpoint hashes and the report. `evidenceHash` is the keccak256 of the body's canonical
 * JSON ({@link canonicalJson}) and `signature` the auditor's EIP-191 signature over those 32
 * bytes, so every field the verdict depends on is signed. `verifyEvidence` checks it against a
 * trusted auditor key and the chain; see src/audit/README.md.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Address, Hex, LocalAccount } from 'viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import { keccak256Hex } from '../crypto/keccak256Bytes'
import type { AuditReport, ContributionRecord, SettlementRecord } from './auditTypes'
import { canonicalJson } from './canonicalJson'
import { EvidenceFormatError } from './errors'

export const EVIDENCE_FORMAT = 'openledger-audit-evidence/2'

/**
 * The names {@link writeEvidence} gives files, and the only ones served or fetched over HTTP.
 *
 * @example
 * EVIDENCE_FILE_RE.test('inference-12.json') // true; '../x.json' false
 */
export const EVIDENCE_FILE_RE = /^inference-[0-9]{1,78}\.json$/

/** The chain an evidence file speaks of. */
export type EvidenceChain = {
  chainId: number
  /** The InferenceRouter whose `InferenceSettled` event the record reproduces. */
  inferenceRouter: Address
}

/** Everything the signature covers. */
export type EvidenceBody = {
  format: typeof EVIDENCE_FORMAT
  chain: EvidenceChain
  record: SettlementRecord
  /**
   * Artifact holding the accepted contributions of every sealed version the model version was
   * trained on, by datanet id (JSON, bigints as strings).
   */
  contributionsArtifact: Hex
  /** The model package's checkpoints (weights and ONNX export), as the package names them. */
  checkpoints: { weights: Hex; onnx: Hex }[]
  report: AuditReport
}

export type Evidence = EvidenceBody & {
  /** keccak256 of the body's canonical JSON. */
  evidenceHash: Hex
  /** Who the file says signed it; informative only: verification trusts the recovered signer. */
  auditor: Address
  /** EIP-191 (personal_sign) signature over the 32 bytes of `evidenceHash`. */
  signature: Hex
}

const BODY_KEYS = ['format', 'chain', 'record', 'contributionsArtifact', 'checkpoints', 'report'] as const
const EVIDENCE_KEYS: readonly string[] = [...BODY_KEYS, 'evidenceHash', 'auditor', 'signature']

/**
 * Canonical bytes of a report (key order as built, bigints as decimal strings): what the database
 * row's `report_hash` hashes, and what a re-run must reproduce.
 *
 * @example
 * const hash = keccak256Hex(reportBytes(report))
 */
export function reportBytes(report: AuditReport): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(report))
}

/**
 * The hash an evidence signature covers: keccak256 of the body's canonical JSON (UTF-8). Fields
 * outside the body (hash, auditor, signature) are left out.
 *
 * @example
 * const hash = evidenceHash(readEvidence(file))
 */
export function evidenceHash(evidence: EvidenceBody): Hex {
  const body = Object.fromEntries(BODY_KEYS.map((k) => [k, evidence[k]]))
  return keccak256Hex(new TextEncoder().encode(canonicalJson(body)))
}

/**
 * Builds and signs the evidence of one audit.
 *
 * @example
 * const evidence = await signEvidence({ chain, record, contributionsArtifact, checkpoints, report, account })
 */
export async function signEvidence(
  input: Omit<EvidenceBody, 'format'> & { account: LocalAccount },
): Promise<Evidence> {
  const body: EvidenceBody = {
    format: EVIDENCE_FORMAT,
    chain: input.chain,
    record: input.record,
    contributionsArtifact: input.contributionsArtifact,
    checkpoints: input.checkpoints,
    report: input.report,
  }
  const hash = evidenceHash(body)
  return {
    ...body,
    evidenceHash: hash,
    auditor: input.account.address,
    signature: await input.account.signMessage({ message: { raw: hash } }),
  }
}

/**
 * The checkpoint hashes a model package names, or none when the package is missing or malformed
 * (the report is then UNVERIFIABLE and says so).
 *
 * @example
 * const checkpoints = await modelCheckpoints(store, record.artifactHash)
 */
export async function modelCheckpoints(
  store: ArtifactStore,
  artifactHash: Hex,
): Promise<EvidenceBody['checkpoints']> {
  try {
    const pkg = JSON.parse(new TextDecoder().decode(await store.get(artifactHash))) as {
      checkpoints?: { weights: Hex; onnx: Hex }[]
    }
    return (pkg.checkpoints ?? []).map((c) => ({ weights: c.weights, onnx: c.onnx }))
  } catch {
    return []
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
 * const write = evidenceWriter({ store, account, dir: '.data/audits', chain: { chainId, inferenceRouter } })
 * await write(records[i], reports[i], contributionsOf)
 */
export function evidenceWriter(opts: {
  store: ArtifactStore
  account: LocalAccount
  dir: string
  chain: EvidenceChain
}) {
  const artifacts = new Map<string, Promise<Hex>>()
  const checkpoints = new Map<Hex, Promise<EvidenceBody['checkpoints']>>()
  return async (
    record: SettlementRecord,
    report: AuditReport,
    contributionsOf: (datanetId: bigint) => Promise<ContributionRecord[]>,
  ): Promise<string> => {
    const key = trainedByAnyLevel(record)
      .map((v) => `${v.datanetId}:${v.version}:${v.merkleRoot}:${v.contributionCount}`)
      .join(',')
    let artifact = artifacts.get(key)
    if (!artifact) {
      artifact = evidenceContributions(record, contributionsOf).then((c) => storeContributions(opts.store, c))
      artifacts.set(key, artifact)
    }
    let named = checkpoints.get(record.artifactHash)
    if (!named) {
      named = modelCheckpoints(opts.store, record.artifactHash)
      checkpoints.set(record.artifactHash, named)
    }
    const evidence = await signEvidence({
      chain: opts.chain,
      record,
      contributionsArtifact: await artifact,
      checkpoints: await named,
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
  for (const v of trainedByAnyLevel(record)) {
    // Levels of a lineage may train on two versions of one datanet: the later one holds both.
    if ((out[v.datanetId.toString()]?.length ?? -1) >= v.contributionCount) continue
    const rows = (await contributionsOf(v.datanetId)).filter((c) => c.acceptanceIndex < v.contributionCount)
    out[v.datanetId.toString()] = rows.sort((x, y) => x.acceptanceIndex - y.acceptanceIndex)
  }
  return out
}

/** The sealed versions of the settled model version and, for a lineage settlement, of every level. */
const trainedByAnyLevel = (record: SettlementRecord) => [
  ...record.trainedOn,
  ...(record.lineage?.levels.slice(1).flatMap((l) => l.trainedOn) ?? []),
]

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
  fs.writeFileSync(tmp, evidenceText(evidence))
  fs.renameSync(tmp, file)
  return file
}

/**
 * The text of `evidence` as {@link writeEvidence} writes it (indent 2), or compact (indent 0): the
 * two forms {@link parseEvidence} accepts.
 */
function evidenceText(evidence: Evidence, indent = 2): string {
  const json = JSON.stringify(evidence, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), indent)
  return indent ? `${json}\n` : json
}

/**
 * Reads an evidence file back, restoring bigints. Fields outside the known set are refused: they
 * would be read by people but covered by no signature.
 *
 * @throws {EvidenceFormatError} when the file is not evidence of this format.
 * @example
 * const evidence = readEvidence('.data/audits/inference-12.json')
 */
export function readEvidence(file: string): Evidence {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (cause) {
    throw new EvidenceFormatError(`${file} is not readable JSON`, { cause })
  }
  return parseEvidence(text, file)
}

/**
 * {@link readEvidence} for text that did not come from a file (a download): the same checks,
 * `source` names it in messages.
 *
 * @throws {EvidenceFormatError} when the text is not evidence of this format.
 * @example
 * const evidence = parseEvidence(await response.text(), url)
 */
export function parseEvidence(text: string, source: string): Evidence {
  const file = source
  let raw: Evidence
  try {
    raw = JSON.parse(text) as Evidence
  } catch (cause) {
    throw new EvidenceFormatError(`${file} is not readable JSON`, { cause })
  }
  if (raw?.format !== EVIDENCE_FORMAT)
    throw new EvidenceFormatError(
      `${file} is not ${EVIDENCE_FORMAT} evidence${typeof raw?.format === 'string' ? ` (format "${raw.format}")` : ''}`,
    )
  const unknown = Object.keys(raw).find((k) => !EVIDENCE_KEYS.includes(k))
  if (unknown) throw new EvidenceFormatError(`${file} has a field no signature covers: "${unknown}"`)
  const malformed = EVIDENCE_KEYS.find((k) => !SHAPES[k](raw[k as keyof Evidence]))
  if (malformed) throw new EvidenceFormatError(`${file} lacks a well-formed "${malformed}"`)
  let evidence: Evidence
  try {
    evidence = { ...raw, record: restoreRecord(raw.record) }
  } catch (cause) {
    throw new EvidenceFormatError(`${file} holds a malformed settlement record`, { cause })
  }
  // The hash covers the parsed values, so the text must be their one form: otherwise a duplicated
  // key ("status": "VERIFIED", "status": "MISMATCH") or a number written "012" would let a signed
  // file read differently to a reader that is not this one.
  const given = text.replace(/\r\n/g, '\n').trimEnd()
  if (evidenceText(evidence).trimEnd() !== given && evidenceText(evidence, 0) !== given)
    throw new EvidenceFormatError(
      `${file} is not in the form its writer gives it, indented or compact (a duplicated key, a reordered or rewritten field)`,
    )
  return evidence
}

const hex = (bytes: number) => (v: unknown) =>
  typeof v === 'string' && new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(v)
const object = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
const SHAPES: Record<string, (v: unknown) => boolean> = {
  format: (v) => v === EVIDENCE_FORMAT,
  chain: object,
  record: object,
  contributionsArtifact: hex(32),
  checkpoints: Array.isArray,
  report: object,
  evidenceHash: hex(32),
  auditor: hex(20),
  signature: (v) => typeof v === 'string' && /^0x[0-9a-fA-F]+$/.test(v),
}

function restoreRecord(raw: SettlementRecord): SettlementRecord {
  const r = raw as unknown as Record<string, never>
  const big = (v: unknown) => {
    if (typeof v !== 'string' || !/^\d+$/.test(v))
      throw new EvidenceFormatError(`"${String(v)}" is not a decimal integer`)
    return BigInt(v)
  }
  return {
    ...raw,
    inferenceId: big(r.inferenceId),
    modelId: big(r.modelId),
    fee: big(r.fee),
    payouts: Object.fromEntries(
      Object.entries(raw.payouts).map(([k, v]) => [k, big(v)]),
    ) as SettlementRecord['payouts'],
    rewards: raw.rewards.map((w) => ({
      ...w,
      contributionId: big(w.contributionId),
      amount: big(w.amount),
    })),
    trainedOn: raw.trainedOn.map((t) => ({ ...t, datanetId: big(t.datanetId) })),
    ...(raw.lineage
      ? {
          lineage: {
            ...raw.lineage,
            levels: raw.lineage.levels.map((l) => ({
              ...l,
              modelId: big(l.modelId),
              base: l.base ? { ...l.base, modelId: big(l.base.modelId) } : null,
              amount: big(l.amount),
              kept: big(l.kept),
              paid: big(l.paid),
              rewards: l.rewards.map((w) => ({
                ...w,
                contributionId: big(w.contributionId),
                amount: big(w.amount),
              })),
              trainedOn: l.trainedOn.map((t) => ({ ...t, datanetId: big(t.datanetId) })),
            })),
          },
        }
      : {}),
  }
}
