/**
 * The payout auditor: recomputes the attribution of settled inferences from content-addressed
 * evidence and checks every claim the settlement makes. Never VERIFIED on incomplete evidence: a
 * missing or tampered artifact, an unknown method or an index that does not reproduce a sealed
 * Merkle root makes the report UNVERIFIABLE with the reason.
 */
import type { Hex } from 'viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import { EXACT_CANDIDATES_BEYOND_K } from '../attribution/createScorer'
import type { DerivedCache } from '../attribution/derivedCache'
import {
  ArtifactHashMismatchError,
  ArtifactNotFoundError,
  NoPositiveAttributionError,
} from '../attribution/errors'
import { TRACIN_METHOD } from '../attribution/modelPackage'
import type { ModelScorer, ModelScorerCache } from '../attribution/modelScorer'
import { selectTopK, weightsFromScores } from '../attribution/weightsPpm'
import type { AuditCheck, AuditReport, ContributionRecord, SettlementRecord } from './auditTypes'
import { checkLevelPayouts } from './checkLineage'
import { checkPayouts } from './checkPayouts'
import { compareWeights } from './compareWeights'
import { expandLineage, lineageLevelOf } from './expandLineage'
import { sealedRoot } from './sealedRoot'
import { type BoundaryTie, topKBoundaryTie } from './topKBoundaryTie'

export type AuditDeps = {
  store: ArtifactStore
  scorers: ModelScorerCache
  /** Accepted contributions of a datanet, any order (the auditor sorts by acceptance index). */
  contributionsOf(datanetId: bigint): Promise<ContributionRecord[]>
  /**
   * Verified bindings kept across runs (one Map for runAuditor's loop): a sealed root commits to
   * every (id, contributor, contentHash) leaf in order, so contributions that rebuilt it once are
   * the same contributions next time. Failures are never kept.
   */
  bindings?: Map<string, Map<string, ContributionRecord>>
  /**
   * Where rebuilt sealed roots are remembered across restarts (see `sealedRoot`); false for none.
   * @default scorers.derived, the auditor's own derived cache (absent when it is not trusted)
   */
  rootCache?: DerivedCache | false
}

type Prepared = {
  record: SettlementRecord
  checks: AuditCheck[]
  failure?: string
  model?: ModelScorer
  input?: Uint8Array
}

/**
 * Audits settlements; returns one report per record, in input order. Records of one model
 * version are recomputed in one batched scorer run; each level of a lineage settlement is audited
 * as a settlement of that level's model version (see `expandLineage`).
 *
 * @example
 * const reports = await auditSettlements(records, { store, scorers, contributionsOf })
 */
export async function auditSettlements(
  settlements: readonly SettlementRecord[],
  deps: AuditDeps,
): Promise<AuditReport[]> {
  const { flat: records, merge } = expandLineage(settlements)
  const contributions = new Map<bigint, Promise<ContributionRecord[]>>()
  const datanet = (id: bigint) => {
    let c = contributions.get(id)
    if (!c) {
      c = deps
        .contributionsOf(id)
        .then((rows) => [...rows].sort((a, b) => a.acceptanceIndex - b.acceptanceIndex))
      contributions.set(id, c)
    }
    return c
  }
  // One open per model version and run, failures included: a missing artifact is looked up once.
  const models = new Map<Hex, Promise<ModelScorer>>()
  const modelOf = (hash: Hex) => {
    let m = models.get(hash)
    if (!m) {
      m = deps.scorers.get(hash)
      m.catch(() => {})
      models.set(hash, m)
    }
    return m
  }
  const rootCache = deps.rootCache === false ? undefined : (deps.rootCache ?? deps.scorers.derived)
  // Roots and the training-set check depend only on (model version, sealed versions): once per run.
  const bounds = new Map<string, Promise<Bound>>()
  const boundTo = (record: SettlementRecord, model: ModelScorer) => {
    const key = `${record.artifactHash}|${record.trainedOn.map((v) => `${v.datanetId}:${v.version}:${v.merkleRoot}:${v.contributionCount}`).join(',')}`
    let b = bounds.get(key)
    if (!b) {
      const known = deps.bindings?.get(key)
      b = known
        ? Promise.resolve({ inVersions: known })
        : checkBinding(record, model, datanet, rootCache).then((r) => {
            if (!r.failure) deps.bindings?.set(key, r.inVersions)
            return r
          })
      bounds.set(key, b)
    }
    return b
  }
  // Input reads overlap on libuv's pool; model opens and bindings are shared promises, so
  // concurrent records of one version still open and check it once.
  const prepared = await mapBounded(records, READ_CONCURRENCY, (record) =>
    prepare(record, deps, modelOf, boundTo),
  )

  const groups = new Map<Hex, Prepared[]>()
  for (const p of prepared) {
    if (p.failure || !p.model) continue
    const g = groups.get(p.record.artifactHash) ?? []
    g.push(p)
    groups.set(p.record.artifactHash, g)
  }
  const recomputed = new Map<Prepared, { weights: { contributionId: string; weightPpm: number }[] } | Error>()
  for (const group of groups.values()) {
    const model = group[0].model as ModelScorer
    // Policies can differ between settlements of one model: batch per (topK, minWeight).
    const byPolicy = new Map<string, Prepared[]>()
    for (const p of group) {
      const key = `${p.record.attributionPolicy.topK}:${p.record.attributionPolicy.minWeightPpm}`
      byPolicy.set(key, [...(byPolicy.get(key) ?? []), p])
    }
    for (const batch of byPolicy.values()) {
      const { topK, minWeightPpm } = batch[0].record.attributionPolicy
      await scorePipelined(model, batch, { topK, minWeightPpm }, (p, r) => {
        recomputed.set(p, r instanceof NoPositiveAttributionError ? r : { weights: r.weights })
      })
    }
  }
  const ties = await judgeBoundaryTies(recomputed)
  return merge(prepared.map((p) => finish(p, recomputed.get(p), ties.get(p))))
}

/**
 * Rare second pass: settlements whose set of contributions differs from the recomputed one get the
 * float32 graph's full score vector (batched per model), and their settled contributions, the
 * recomputed ones and the best-ranked candidates rescored exactly, to tell a tie at the k-th place
 * from a swapped, dropped or added recipient. Settlements with the same set never come here.
 */
async function judgeBoundaryTies(
  recomputed: Map<Prepared, { weights: { contributionId: string; weightPpm: number }[] } | Error>,
): Promise<Map<Prepared, BoundaryTie>> {
  const byModel = new Map<ModelScorer, [Prepared, { contributionId: string; weightPpm: number }[]][]>()
  for (const [p, r] of recomputed) {
    if (r instanceof Error) continue
    const ids = new Set(r.weights.map((w) => w.contributionId))
    const sameSet =
      p.record.rewards.length === ids.size &&
      p.record.rewards.every((w) => ids.has(w.contributionId.toString()))
    if (sameSet) continue
    const model = p.model as ModelScorer
    byModel.set(model, [...(byModel.get(model) ?? []), [p, r.weights]])
  }
  const ties = new Map<Prepared, BoundaryTie>()
  for (const [model, disputed] of byModel) {
    const queries = disputed.map(([p]) => model.query(p.input as Uint8Array))
    const all = await model.scorer.contributionScores(queries)
    const wanted = disputed.map(([p, weights], i) => {
      const depth = 4 * (p.record.attributionPolicy.topK + EXACT_CANDIDATES_BEYOND_K)
      const nominated = selectTopK(all[i], model.scorer.contributionIds, depth)
      return [
        ...new Set([
          ...nominated.map((c) => model.scorer.contributionIds[c]),
          ...weights.map((w) => w.contributionId),
          ...p.record.rewards.map((w) => w.contributionId.toString()),
        ]),
      ]
    })
    const exact = model.scorer.exactScores(queries, wanted)
    disputed.forEach(([p], i) => {
      const scores = new Map<string, number>()
      wanted[i].forEach((id, x) => {
        if (!Number.isNaN(exact[i][x])) scores.set(id, exact[i][x])
      })
      const settled = p.record.rewards.map((r) => ({
        contributionId: r.contributionId.toString(),
        weightPpm: r.weightPpm,
      }))
      // The exact top-k over a deeper nomination: the fast pass's k + 8 may have missed a row
      // where the graph's error is larger than usual (TF32 on CUDA), and an honest settlement
      // must not pay for that.
      const { topK, minWeightPpm } = p.record.attributionPolicy
      const ids = [...scores.keys()]
      let weights: { contributionId: string; weightPpm: number }[]
      try {
        weights = weightsFromScores(
          ids.map((id) => scores.get(id) as number),
          ids,
          { topK, minWeightPpm },
        ).map((w) => ({ contributionId: w.contributionId, weightPpm: w.weightPpm }))
      } catch {
        return
      }
      recomputed.set(p, { weights })
      const inR = new Set(weights.map((w) => w.contributionId))
      const sameSet = settled.length === inR.size && settled.every((w) => inR.has(w.contributionId))
      ties.set(
        p,
        sameSet ? compareWeights(settled, weights) : topKBoundaryTie(settled, weights, scores, minWeightPpm),
      )
    })
  }
  return ties
}

/** Records whose inputs are read at once: enough to keep the disk and libuv's pool busy. */
const READ_CONCURRENCY = 16
/** Inferences per scorer call: the scorer's own ONNX batch, so one call is one run. */
const SCORE_CHUNK = 256

/** `fn` over `items` with at most `limit` in flight; results in input order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

type ScoreResult = Awaited<ReturnType<ModelScorer['scorer']['attributeBatch']>>[number]

/**
 * Scores `batch` in chunks while the model's query worker featurises the next chunk: onnxruntime
 * holds this thread for the whole run, and the forward passes cost about a third of scoring.
 */
async function scorePipelined(
  model: ModelScorer,
  batch: readonly Prepared[],
  options: { topK: number; minWeightPpm: number },
  onResult: (p: Prepared, result: ScoreResult) => void,
): Promise<void> {
  const chunks: Prepared[][] = []
  for (let i = 0; i < batch.length; i += SCORE_CHUNK) chunks.push(batch.slice(i, i + SCORE_CHUNK))
  const queriesOf = (chunk: Prepared[]) => model.queryBatch(chunk.map((p) => p.input as Uint8Array))
  let next = queriesOf(chunks[0])
  for (let c = 0; c < chunks.length; c++) {
    const queries = await next
    if (c + 1 < chunks.length) next = queriesOf(chunks[c + 1])
    const results = await model.scorer.attributeBatch(queries, options)
    for (let i = 0; i < chunks[c].length; i++) onResult(chunks[c][i], results[i])
  }
}

async function prepare(
  record: SettlementRecord,
  deps: AuditDeps,
  modelOf: (artifactHash: Hex) => Promise<ModelScorer>,
  boundTo: (record: SettlementRecord, model: ModelScorer) => Promise<Bound>,
): Promise<Prepared> {
  const checks: AuditCheck[] = []
  const fail = (name: string, detail: string): Prepared => {
    checks.push({ name, ok: false, detail })
    return { record, checks, failure: detail }
  }
  if (record.attributionMethod !== TRACIN_METHOD)
    return fail('method', `unknown attribution method "${record.attributionMethod}"`)
  checks.push({ name: 'method', ok: true })

  let model: ModelScorer
  try {
    model = await modelOf(record.artifactHash)
  } catch (err) {
    return fail('model artifacts', artifactReason(err))
  }
  checks.push({ name: 'model artifacts', ok: true })

  const bound = await boundTo(record, model)
  if (bound.failure) {
    if (bound.failure.name === 'training set') checks.push({ name: 'datanet roots', ok: true })
    return fail(bound.failure.name, bound.failure.detail)
  }
  const inVersions = bound.inVersions
  checks.push({ name: 'datanet roots', ok: true }, { name: 'training set', ok: true })

  let input: Uint8Array
  try {
    input = await deps.store.get(record.inputHash)
  } catch (err) {
    return fail('inference input', artifactReason(err))
  }
  checks.push({ name: 'inference input', ok: true })

  const recipients = record.rewards.find(
    (r) =>
      inVersions.get(r.contributionId.toString())?.contributor.toLowerCase() !== r.contributor.toLowerCase(),
  )
  // Recipient problems are the settlement's fault, not missing evidence: recorded here, judged in finish().
  checks.push(
    recipients
      ? {
          name: 'recipients',
          ok: false,
          detail: `contribution ${recipients.contributionId} paid to ${recipients.contributor}, not its contributor of record in the trained versions`,
        }
      : { name: 'recipients', ok: true },
  )
  return { record, checks, model, input }
}

type Bound = { inVersions: Map<string, ContributionRecord>; failure?: { name: string; detail: string } }

/**
 * Rebuilds the Merkle root of every sealed version the model version is bound to from the indexed
 * contributions, and checks the package trains only on contributions of those versions.
 */
async function checkBinding(
  record: SettlementRecord,
  model: ModelScorer,
  datanet: (id: bigint) => Promise<ContributionRecord[]>,
  rootCache: DerivedCache | undefined,
): Promise<Bound> {
  const inVersions = new Map<string, ContributionRecord>()
  for (const v of record.trainedOn) {
    const rows = (await datanet(v.datanetId)).filter((c) => c.acceptanceIndex < v.contributionCount)
    const root = await sealedRoot(rows, v.merkleRoot, rootCache)
    if (rows.length !== v.contributionCount || root !== v.merkleRoot)
      return {
        inVersions,
        failure: {
          name: 'datanet roots',
          detail: `datanet ${v.datanetId} version ${v.version}: indexed contributions rebuild root ${root} (${rows.length} leaves), sealed root is ${v.merkleRoot} (${v.contributionCount} leaves)`,
        },
      }
    for (const c of rows) inVersions.set(c.id.toString(), c)
  }
  const outside = model.pkg.training.find(
    (t) => inVersions.get(t.contributionId)?.contentHash.toLowerCase() !== t.contentHash.toLowerCase(),
  )
  if (outside)
    return {
      inVersions,
      failure: {
        name: 'training set',
        detail: `model package trains on contribution ${outside.contributionId}, not in the sealed versions it is bound to`,
      },
    }
  return { inVersions }
}

function finish(
  p: Prepared,
  recomputed: { weights: { contributionId: string; weightPpm: number }[] } | Error | undefined,
  tie: BoundaryTie | undefined,
): AuditReport {
  const { record } = p
  const base: AuditReport = {
    format: 'openledger-audit/1',
    inferenceId: record.inferenceId.toString(),
    modelId: record.modelId.toString(),
    modelVersion: record.modelVersion,
    validator: record.validator,
    blockNumber: record.blockNumber,
    status: 'UNVERIFIABLE',
    settled: record.rewards.map((r) => ({
      contributionId: r.contributionId.toString(),
      weightPpm: r.weightPpm,
    })),
    checks: p.checks,
  }
  if (p.failure) return { ...base, reason: p.failure }
  const checks = [...p.checks]
  if (recomputed instanceof Error || !recomputed) {
    checks.push({ name: 'weights', ok: false, detail: 'no training contribution has a positive influence' })
    return {
      ...base,
      checks,
      device: p.model?.scorer.device,
      reason: 'recomputation found no positive attribution',
    }
  }
  const level = lineageLevelOf(record)
  const payouts = level ? checkLevelPayouts(record, level) : checkPayouts(record)
  checks.push(...payouts.checks)
  // Exact: the policy's auditTolerancePpm is recorded on chain but widens nothing (issue 14).
  const weights = tie ?? compareWeights(base.settled, recomputed.weights)
  checks.push(weights.check)
  const failed = checks.find((c) => !c.ok)
  const recipient = record.rewards.find((r) =>
    checks.some(
      (c) => c.name === 'recipients' && !c.ok && c.detail?.includes(`contribution ${r.contributionId} `),
    ),
  )
  return {
    ...base,
    status: failed ? 'MISMATCH' : 'VERIFIED',
    ...(failed ? { reason: failed.detail ?? failed.name } : {}),
    maxDeviationPpm: weights.maxDeviationPpm,
    ...((weights.offendingContributionId ??
    payouts.offendingContributionId ??
    recipient?.contributionId.toString())
      ? {
          offendingContributionId:
            weights.offendingContributionId ??
            payouts.offendingContributionId ??
            recipient?.contributionId.toString(),
        }
      : {}),
    device: p.model?.scorer.device,
    recomputed: recomputed.weights.map((w) => ({ contributionId: w.contributionId, weightPpm: w.weightPpm })),
    checks,
  }
}

function artifactReason(err: unknown): string {
  if (err instanceof ArtifactNotFoundError) return `missing artifact ${err.hash}`
  if (err instanceof ArtifactHashMismatchError)
    return `hash mismatch: artifact ${err.expected} hashes to ${err.actual}`
  return err instanceof Error ? err.message.split('\n')[0] : String(err)
}
