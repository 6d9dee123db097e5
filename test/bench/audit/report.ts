/**
 * Result files of the auditor benchmark: test/bench/results/audit.json (everything measured) and
 * audit.md (the table a reader wants: throughput against the target, and where the time goes).
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Breakdown } from './breakdown'

export const TARGET_AUDITS_PER_S = 500

/** Where a model open went, ms: package + checkpoints, training features, graphs, ONNX sessions. */
export type OpenPhases = { package: number; features: number; graphs: number; sessions: number }

export type AuditRun = {
  records: number
  dishonest: number
  ms: number
  auditsPerS: number
  openMs?: number
  open?: OpenPhases
}

export type BenchResult = {
  meta: Record<string, string | number | boolean | undefined>
  sizes: { contributions: number; inferences: number; trainedOn: number; datanets: number; topK: number }
  fixture: { fromCache: boolean; dir: string; heldOutAccuracy: number; timingsMs: Record<string, number> }
  mode: 'full' | 'sample'
  cold: AuditRun
  warm: AuditRun
  /** Warm, in runAuditor-sized calls (full mode only). */
  warmBatched?: AuditRun
  /** A restarted auditor's first batch: new scorers and bindings, the derived cache kept on disk (target: within 10 s). */
  restart?: AuditRun
  breakdown: Breakdown
  statuses: { verified: number; mismatch: number; unverifiable: number; wrong: number }
  target: { auditsPerS: number; met: boolean; measuredAuditsPerS: number; note: string }
  cuda: string
}

const s = (ms: number | undefined, d = 1) => (ms === undefined ? 'n/a' : (ms / 1000).toFixed(d))
const r = (x: number, d = 1) => x.toFixed(d)
const phases = (p: OpenPhases | undefined) =>
  p
    ? `: package ${s(p.package)}, features ${s(p.features)}, graph ${s(p.graphs)}, onnxruntime session ${s(p.sessions)}`
    : ''

/** Writes both files and returns the markdown. */
export function writeResults(dir: string, res: BenchResult): string {
  const b = res.breakdown
  const per = (ms: number) => `${r(ms / b.records, 3)} ms/audit`
  const t = res.fixture.timingsMs
  const lines = [
    '# Auditor benchmark',
    '',
    `${res.meta.date}, ${res.meta.cpu} (${res.meta.cores} cores, 1-min load average ${r(Number(res.meta.loadStart), 1)} at start and ${r(Number(res.meta.loadEnd), 1)} at end: other jobs shared the CPU), Node ${res.meta.node}, onnxruntime-node ${res.meta.onnxruntime}, device ${res.meta.device}. CUDA: ${res.cuda}.`,
    `${res.sizes.contributions} training contributions (real SpamAssassin mail, perturbed) over ${res.sizes.datanets} sealed datanets, ${res.sizes.inferences} settled inferences (${res.cold.dishonest ? 'with' : 'no'} dishonest ones), top-${res.sizes.topK}. Auditor source ${res.meta.auditorSource}.`,
    `Mode: **${res.mode}** — ${res.mode === 'full' ? 'every record audited, cold and warm.' : `a quick check on ${res.cold.records} records (cold, then warm).`}`,
    '',
    '| measure | value |',
    '|---|---|',
    `| fixture | ${res.fixture.fromCache ? 'from cache (build timings below are from when it was built)' : 'built in this run'} |`,
    `| store + featurise ${res.sizes.contributions} contributions | ${s(t.storeAndFeaturiseContributions)} s (featurise ${s(t.featuriseContributions)} s) |`,
    `| seal ${res.sizes.datanets} roots | ${s(t.sealRoots)} s |`,
    `| training (${res.sizes.trainedOn} examples, 3 epochs, 3 checkpoints) | ${s(t.train)} s, held-out accuracy ${r(res.fixture.heldOutAccuracy * 100)}% |`,
    `| publish package | ${s(t.publish)} s |`,
    `| oracle: open scorer (cold) | ${s(t.oracleOpen)} s |`,
    `| oracle: featurise + score ${t.oracleScoredInputs} inputs (batched) | ${s(t.oracleFeaturiseInputs)} + ${s(t.oracleScore)} s = ${r(t.oracleScoredInputs / ((t.oracleFeaturiseInputs + t.oracleScore) / 1000), 0)} inferences/s |`,
    `| cold audit (${res.cold.records} records, fresh scorer and derived cache, which it writes) | ${s(res.cold.ms)} s (model open ${s(res.cold.openMs)} s${phases(res.cold.open)}) = ${r(res.cold.auditsPerS, 2)} audits/s |`,
    `| warm audit (${res.warm.records} records, scorer reused) | ${s(res.warm.ms)} s = **${r(res.warm.auditsPerS, 2)} audits/s** |`,
    ...(res.restart
      ? [
          `| restart: first ${res.restart.records} audits after a restart (new scorers and bindings; derived cache kept: features, graph, sealed roots; target ≤ 10 s) | **${s(res.restart.ms)} s** (model open ${s(res.restart.openMs)} s${phases(res.restart.open)}) |`,
        ]
      : []),
    ...(res.warmBatched
      ? [
          `| warm audit in calls of ${res.meta.batch} records (runAuditor's batch size) | ${s(res.warmBatched.ms)} s = ${r(res.warmBatched.auditsPerS, 2)} audits/s |`,
        ]
      : []),
    `| statuses | ${res.statuses.verified} VERIFIED, ${res.statuses.mismatch} MISMATCH, ${res.statuses.unverifiable} UNVERIFIABLE, ${res.statuses.wrong} unexpected |`,
    '',
    `Breakdown over all ${b.records} records, each phase timed from outside with the functions the auditor calls:`,
    '',
    '| phase | total | per audit |',
    '|---|---|---|',
    `| input reads (store.get, re-hash) | ${s(b.inputReadsMs, 2)} s | ${per(b.inputReadsMs)} |`,
    `| input featurisation (model.query, this thread) | ${s(b.inputFeaturiseMs, 2)} s | ${per(b.inputFeaturiseMs)} |`,
    `| the same on the query worker (model.queryBatch; overlaps scoring in the auditor) | ${s(b.inputFeaturiseWorkerMs, 2)} s | ${per(b.inputFeaturiseWorkerMs)} |`,
    `| scoring (attributeBatch, one batch of ${b.records}) | ${s(b.scoreMs, 2)} s | ${per(b.scoreMs)} |`,
    `| payout + weight checks | ${s(b.payoutAndWeightChecksMs, 2)} s | ${per(b.payoutAndWeightChecksMs)} |`,
    `| Merkle: contribution leaves (${res.sizes.contributions}), once | ${s(b.merkleLeavesMs, 2)} s | — |`,
    `| Merkle: trees (${res.sizes.datanets} roots), once | ${s(b.merkleTreeMs, 2)} s | — |`,
    `| training-set check + contributions of record, once | ${s(b.trainingSetCheckMs, 2)} s | — |`,
    '',
    'The three "once" rows are paid once per sealed version set and process: the auditor keeps verified bindings (runAuditor across its batches; the warm runs above share the cold run\'s), so only the cold run pays them. A restarted auditor reads each rebuilt root from its derived cache instead, keyed by one SHA-256 over the leaves\' preimages.',
    '',
    `Target ${res.target.auditsPerS} audits/s on CPU: **${res.target.met ? 'met' : 'missed'}** (measured ${r(res.target.measuredAuditsPerS, 2)} audits/s). ${res.target.note}`,
    '',
  ]
  const md = lines.join('\n')
  writeFileSync(path.join(dir, 'audit.json'), `${JSON.stringify(res, null, 2)}\n`)
  writeFileSync(path.join(dir, 'audit.md'), md)
  return md
}
