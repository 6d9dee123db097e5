import { type Address, type Hex, recoverMessageAddress, toHex } from 'viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import { ArtifactHashMismatchError, ArtifactNotFoundError } from '../attribution/errors'
import type { ModelScorerCache } from '../attribution/modelScorer'
import { BaseError } from '../errors'
import { auditSettlements } from './auditSettlements'
import type { AuditReport, ContributionRecord, SettlementRecord } from './auditTypes'
import {
  EvidenceArtifactError,
  EvidenceHashMismatchError,
  EvidenceRecordMismatchError,
  EvidenceSignatureError,
  EvidenceVerdictMismatchError,
  UntrustedSignerError,
} from './errors'
import { type Evidence, evidenceHash, modelCheckpoints, reportBytes } from './evidence'
import { firstDifference } from './firstDifference'

/** A trusted source of settlement records: the chain's logs or the indexed database. */
export type RecordSource = {
  /** 'chain' or 'index', as printed. */
  name: string
  chainId: number
  inferenceRouter: Address
  recordOf(inferenceId: bigint): Promise<SettlementRecord | undefined>
}

export type EvidenceCheckName =
  | 'evidence hash'
  | 'signature'
  | 'signer'
  | 'record'
  | 'artifacts'
  | 'recomputation'

/** One named check; `error` says why a failed one failed. */
export type EvidenceCheckResult = {
  name: EvidenceCheckName
  status: 'ok' | 'failed' | 'skipped'
  detail: string
  error?: BaseError
}

export type EvidenceVerification = {
  /** No check failed (skipped ones do not count). */
  ok: boolean
  checks: EvidenceCheckResult[]
  /** Recovered from the signature, when it recovers at all. */
  signer?: Address
  recomputed?: AuditReport
}

/**
 * Re-checks evidence against what the verifier trusts: the auditor keys in `trustedAuditors`, the
 * chain or index (`source`, when given) and the artifact store. Every check runs and is reported
 * by name: the body hashes to the signed hash; the signature recovers the stated auditor, who is
 * trusted; the record equals the source's, field by field; every named artifact is present and
 * re-hashes; recomputing the audit (from the source's record when there is one) gives the same
 * verdict. Scorers must not trust a feature cache they did not compute (`trustFeatureCache: false`).
 *
 * @example
 * const result = await verifyEvidence(readEvidence(file), { store, scorers, trustedAuditors: [auditor] })
 * if (!result.ok) console.log(result.checks.filter((c) => c.status === 'failed'))
 */
export async function verifyEvidence(
  evidence: Evidence,
  deps: {
    store: ArtifactStore
    scorers: ModelScorerCache
    trustedAuditors: readonly Address[]
    source?: RecordSource
  },
): Promise<EvidenceVerification> {
  const checks: EvidenceCheckResult[] = []
  const ok = (name: EvidenceCheckName, detail: string) => checks.push({ name, status: 'ok', detail })
  const fail = (name: EvidenceCheckName, error: BaseError) =>
    checks.push({ name, status: 'failed', detail: error.shortMessage, error })
  const skip = (name: EvidenceCheckName, detail: string) => checks.push({ name, status: 'skipped', detail })

  const computed = evidenceHash(evidence)
  if (computed === evidence.evidenceHash.toLowerCase()) ok('evidence hash', computed)
  else
    fail(
      'evidence hash',
      new EvidenceHashMismatchError(
        `evidence hash mismatch: the content hashes to ${computed}, the signed hash is ${evidence.evidenceHash}; the file was changed after signing`,
      ),
    )

  const signer = await recoverMessageAddress({
    message: { raw: evidence.evidenceHash },
    signature: evidence.signature,
  }).catch(() => undefined)
  if (!signer) fail('signature', new EvidenceSignatureError('signature malformed: it recovers no address'))
  else if (signer.toLowerCase() !== evidence.auditor.toLowerCase())
    fail(
      'signature',
      new EvidenceSignatureError(
        `signature mismatch: it recovers ${signer}, not the stated auditor ${evidence.auditor}`,
      ),
    )
  else ok('signature', `by ${signer}`)
  const trusted = deps.trustedAuditors.map((a) => a.toLowerCase())
  if (signer && trusted.includes(signer.toLowerCase())) ok('signer', `${signer} is a trusted auditor`)
  else
    fail(
      'signer',
      new UntrustedSignerError(
        `untrusted signer ${signer ?? '(none)'}; trusted: ${deps.trustedAuditors.join(', ') || '(none)'}`,
      ),
    )

  const record = await checkRecord(evidence, deps.source, { ok, fail, skip })
  const contributions = await checkArtifacts(evidence, record, deps.store, { ok, fail })
  let recomputed: AuditReport | undefined
  if (!contributions) skip('recomputation', 'artifacts did not check out')
  else {
    ;[recomputed] = await auditSettlements([record], {
      store: deps.store,
      scorers: deps.scorers,
      contributionsOf: async (datanetId) => contributions[datanetId.toString()] ?? [],
    })
    const verdict = verdictDifference(evidence.report, recomputed)
    if (toHex(reportBytes(recomputed)) === toHex(reportBytes(evidence.report)))
      ok('recomputation', `${recomputed.status}, byte-identical`)
    else if (!verdict) ok('recomputation', `${recomputed.status}, same verdict (weights exactly equal)`)
    else fail('recomputation', new EvidenceVerdictMismatchError(`verdict differs: ${verdict}`))
  }
  return { ok: checks.every((c) => c.status !== 'failed'), checks, signer, recomputed }
}

type Report = {
  ok(name: EvidenceCheckName, detail: string): void
  fail(name: EvidenceCheckName, error: BaseError): void
  skip(name: EvidenceCheckName, detail: string): void
}

/** Compares the chain and record with the trusted source; returns the record to recompute from. */
async function checkRecord(
  evidence: Evidence,
  source: RecordSource | undefined,
  r: Report,
): Promise<SettlementRecord> {
  if (!source) {
    r.skip('record', 'no --rpc-url or --db-url: the record is taken on the signer’s word')
    return evidence.record
  }
  const mismatch = (detail: string) => r.fail('record', new EvidenceRecordMismatchError(detail))
  const chain = firstDifference(
    evidence.chain,
    { chainId: source.chainId, inferenceRouter: source.inferenceRouter },
    'chain',
  )
  if (chain) {
    mismatch(`${chain.path}: file ${chain.file}, ${source.name} ${chain.reference}`)
    return evidence.record
  }
  let reference: SettlementRecord | undefined
  try {
    reference = await source.recordOf(evidence.record.inferenceId)
  } catch (cause) {
    r.fail(
      'record',
      new EvidenceRecordMismatchError(
        `could not read inference ${evidence.record.inferenceId} from the ${source.name}`,
        {
          cause,
        },
      ),
    )
    return evidence.record
  }
  if (!reference) {
    mismatch(`inference ${evidence.record.inferenceId} has no settlement on the ${source.name}`)
    return evidence.record
  }
  const d = firstDifference(evidence.record, reference, 'record')
  if (d) mismatch(`${d.path}: file ${d.file}, ${source.name} ${d.reference}`)
  else r.ok('record', `equal to the ${source.name}'s, field by field`)
  return reference
}

/**
 * Reads every artifact the evidence names (each read re-hashes) and checks the checkpoints against
 * the model package; returns the contributions lists, or undefined after a failure.
 */
async function checkArtifacts(
  evidence: Evidence,
  record: SettlementRecord,
  store: ArtifactStore,
  r: Pick<Report, 'ok' | 'fail'>,
): Promise<Record<string, ContributionRecord[]> | undefined> {
  const read = async (what: string, hash: Hex) => {
    try {
      return await store.get(hash)
    } catch (cause) {
      if (cause instanceof ArtifactHashMismatchError)
        throw new EvidenceArtifactError(`artifact hash mismatch: ${what} ${hash} hashes to ${cause.actual}`, {
          cause,
        })
      if (cause instanceof ArtifactNotFoundError)
        throw new EvidenceArtifactError(
          // A store that downloads says why the artifact did not arrive (the server's refusal, a timeout).
          `missing artifact: ${what} ${hash}${cause.cause instanceof BaseError ? ` (${cause.cause.shortMessage})` : ''}`,
          { cause },
        )
      throw cause
    }
  }
  try {
    const contributions = parseContributions(
      await read('contributions artifact', evidence.contributionsArtifact),
    )
    await read('model package', record.artifactHash)
    const named = await modelCheckpoints(store, record.artifactHash)
    const d = firstDifference(evidence.checkpoints, named, 'checkpoints')
    if (d) throw new EvidenceArtifactError(`${d.path}: file ${d.file}, model package ${d.reference}`)
    for (const [i, c] of named.entries()) {
      await read(`checkpoint ${i} weights`, c.weights)
      await read(`checkpoint ${i} ONNX`, c.onnx)
    }
    await read('inference input', record.inputHash)
    r.ok('artifacts', `contributions, model package, ${named.length} checkpoints and input re-hash`)
    return contributions
  } catch (err) {
    if (!(err instanceof EvidenceArtifactError)) throw err
    r.fail('artifacts', err)
    return undefined
  }
}

function parseContributions(bytes: Uint8Array): Record<string, ContributionRecord[]> {
  try {
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<
      string,
      (Omit<ContributionRecord, 'id' | 'datanetId'> & { id: string; datanetId: string })[]
    >
    return Object.fromEntries(
      Object.entries(raw).map(([k, rows]) => [
        k,
        rows.map((c) => ({ ...c, id: BigInt(c.id), datanetId: BigInt(c.datanetId) })),
      ]),
    )
  } catch (cause) {
    throw new EvidenceArtifactError('the contributions artifact is not a contributions list', { cause })
  }
}

/**
 * Where the file's verdict differs from the recomputed one, or undefined: status, offending
 * contribution, the reason of an UNVERIFIABLE report, the largest deviation, and every weight,
 * compared exactly. Weights are the largest-remainder ppm of exact float64 scores on every device
 * (the float32 graph only nominates), so an honest re-run gives the same integers; a tolerance
 * here would let a signer shift ppm between contributions. The one place two honest engines may
 * disagree, a tie at the k-th place, is judged inside the audit by `topKBoundaryTie`, whose verdict
 * (and its recomputed list) is itself deterministic and so compared exactly here. What may differ
 * without changing the verdict: the device and the checks' wording.
 */
function verdictDifference(file: AuditReport, recomputed: AuditReport): string | undefined {
  const show = (path: string, a: unknown, b: unknown) =>
    `${path}: file ${JSON.stringify(a) ?? '(absent)'}, recomputed ${JSON.stringify(b) ?? '(absent)'}`
  if (file.status !== recomputed.status) return show('report.status', file.status, recomputed.status)
  if (file.offendingContributionId !== recomputed.offendingContributionId)
    return show(
      'report.offendingContributionId',
      file.offendingContributionId,
      recomputed.offendingContributionId,
    )
  if (file.status === 'UNVERIFIABLE' && file.reason !== recomputed.reason)
    return show('report.reason', file.reason, recomputed.reason)
  if (file.maxDeviationPpm !== recomputed.maxDeviationPpm)
    return show('report.maxDeviationPpm', file.maxDeviationPpm, recomputed.maxDeviationPpm)
  const x = file.recomputed ?? []
  const y = recomputed.recomputed ?? []
  if (x.length !== y.length) return show('report.recomputed', `${x.length} weights`, `${y.length} weights`)
  const i = x.findIndex((w, j) => w.contributionId !== y[j].contributionId || w.weightPpm !== y[j].weightPpm)
  if (i >= 0) return show(`report.recomputed[${i}]`, x[i], y[i])
  const d = firstDifference(file.settled, recomputed.settled, 'report.settled')
  return d ? `${d.path}: file ${d.file}, recomputed ${d.reference}` : undefined
}
