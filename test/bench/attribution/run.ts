/**
 * Score-pass benchmark: time per inference of full attribution (`attributeBatch`: on CPU the int8
 * screening graph, exact rescoring of the candidates, top-k, ppm) against the previous float32-graph
 * path, a bare two-MatMul ONNX graph of one checkpoint, a straightforward TypeScript loop and numpy,
 * for n = 10k and 100k training examples, batch 1 and 64, K = 3 checkpoints, width 257.
 * The machine may be shared: full, previous, bare, numpy and the TS loop are measured in
 * alternating rounds and each reported time is the median of the per-round medians.
 * Run: `npm run bench:attribution`. Writes test/bench/results/attribution.{json,md}.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as ort from 'onnxruntime-node'
import { createScorer } from '../../../src/attribution/createScorer'
import type { InferenceQuery } from '../../../src/attribution/inferenceQuery'
import { buildFactorisedScoreModel } from '../../../src/attribution/onnx/buildFactorisedScoreModel'
import { createSession } from '../../../src/attribution/onnx/createSession'
import type { TrainingFeatures } from '../../../src/attribution/trainingFeatures'
import { selectTopK } from '../../../src/attribution/weightsPpm'
import { syntheticFeatures, syntheticQueries } from './syntheticFeatures'

const K = 3
const WIDTH = 257
const TOP_K = 10
const SIZES = [10_000, 100_000]
const BATCHES = [1, 64]
const ROUNDS = 5
const RESULTS = path.join(__dirname, '..', 'results')

function mid(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Median wall time in ms of `fn` over `reps` runs after one warm-up. */
async function median(fn: () => unknown, reps: number): Promise<number> {
  await fn()
  const times: number[] = []
  for (let r = 0; r < reps; r++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

/** The obvious implementation: per inference, per checkpoint, per example dot products. */
function tsLoop(tf: TrainingFeatures, q: InferenceQuery): number[] {
  const { n, width: W, numClasses: C } = tf
  const scores = new Float64Array(n)
  tf.checkpoints.forEach((ck, k) => {
    const ht = q.h[k]
    const dt = q.delta[k]
    const htn = Math.hypot(...ht)
    const dtn = Math.hypot(...dt)
    for (let i = 0; i < n; i++) {
      let hh = 0
      for (let u = 0; u < W; u++) hh += ck.h[i * W + u] * ht[u]
      let dd = 0
      for (let c = 0; c < C; c++) dd += ck.delta[i * C + c] * dt[c]
      const den = ck.hNorm[i] * ck.deltaNorm[i] * htn * dtn
      if (den > 0) scores[i] += (ck.learningRate * hh * dd) / den
    }
  })
  return selectTopK(scores, [], TOP_K)
}

function copyBandwidthGBs(): number {
  const src = new Float32Array(64 * 1024 * 1024)
  src.fill(1)
  const dst = new Float32Array(src.length)
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < 5; r++) {
    const t = performance.now()
    dst.set(src)
    best = Math.min(best, performance.now() - t)
  }
  return src.byteLength / (best / 1000) / 1e9
}

function numpyMs(n: number, batch: number, reps: number): { ms: number; version: string } | undefined {
  const env = { ...process.env }
  // These tune OpenBLAS for another CPU on this image; numpy should pick its own kernels.
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  try {
    const out = execFileSync(
      'python3',
      [
        path.join(__dirname, 'numpy_score.py'),
        String(n),
        String(batch),
        String(K),
        String(reps),
        String(TOP_K),
      ],
      { env, encoding: 'utf8' },
    )
    const parsed = JSON.parse(out.trim().split('\n').at(-1)!)
    return { ms: parsed.medianMs / batch, version: parsed.numpy }
  } catch (err) {
    console.error('numpy run failed:', (err as Error).message)
    return undefined
  }
}

type Row = {
  n: number
  batch: number
  fullMsPerInference: number
  fullMsPerInferencePerCheckpoint: number
  previousFullMsPerInference: number
  bareGraphMsPerInference: number
  tsLoopMsPerInference: number
  numpyMsPerInference?: number
  fullOverBare: number
  speedupVsTs: number
  speedupVsNumpy?: number
  speedupVsPrevious: number
  fullGBs: number
  bareGBs: number
  /** Per-round medians (ms per inference), for judging the noise. */
  rounds: { full: number[]; previous: number[]; bare: number[]; numpy: number[]; tsLoop: number[] }
}

async function main(): Promise<void> {
  const copyGBs = copyBandwidthGBs()
  console.log(
    `copy bandwidth: ${copyGBs.toFixed(1)} GB/s (bytes copied per second, Float32Array.set of 256 MiB)`,
  )
  const rows: Row[] = []
  let numpyVersion: string | undefined
  let device = 'cpu'
  for (const n of SIZES) {
    const tf = syntheticFeatures(n, K, n)
    const scorer = await createScorer({ trainingFeatures: tf, device: 'cpu' })
    const previous = await createScorer({ trainingFeatures: tf, device: 'cpu', cpuScreening: false })
    device = scorer.device
    const bareCk = { ...tf, checkpoints: tf.checkpoints.slice(0, 1) }
    const bareModel = buildFactorisedScoreModel({
      n,
      width: WIDTH,
      numClasses: 2,
      checkpoints: [
        {
          hT: transpose(bareCk.checkpoints[0].h, n, WIDTH),
          deltaT: transpose(bareCk.checkpoints[0].delta, n, 2),
        },
      ],
    })
    const { session: bare } = await createSession(bareModel, 'cpu')
    for (const batch of BATCHES) {
      const queries = syntheticQueries(batch, K, batch + 7)
      const reps = n >= 100_000 ? (batch === 1 ? 30 : 8) : batch === 1 ? 100 : 20
      const feeds = {
        h0: new ort.Tensor('float32', new Float32Array(batch * WIDTH).fill(0.05), [batch, WIDTH]),
        delta0: new ort.Tensor('float32', new Float32Array(batch * 2).fill(0.7), [batch, 2]),
      }
      const rounds: Row['rounds'] = { full: [], previous: [], bare: [], numpy: [], tsLoop: [] }
      const tsQueries = queries.slice(0, n >= 100_000 ? 4 : 16)
      for (let r = 0; r < ROUNDS; r++) {
        rounds.full.push((await median(() => scorer.attributeBatch(queries, { topK: TOP_K }), reps)) / batch)
        rounds.previous.push(
          (await median(() => previous.attributeBatch(queries, { topK: TOP_K }), reps)) / batch,
        )
        rounds.bare.push((await median(() => bare.run(feeds), reps)) / batch)
        const np = numpyMs(n, batch, reps)
        if (np) rounds.numpy.push(np.ms)
        numpyVersion = np?.version ?? numpyVersion
        rounds.tsLoop.push((await median(() => tsQueries.map((q) => tsLoop(tf, q)), 1)) / tsQueries.length)
      }
      const tsMs = mid(rounds.tsLoop)
      const full = mid(rounds.full)
      const bareMs = mid(rounds.bare)
      const npMs = rounds.numpy.length > 0 ? mid(rounds.numpy) : undefined
      const previousMs = mid(rounds.previous)
      const bytesPerCheckpoint = n * (WIDTH + 2) * 4
      const row: Row = {
        n,
        batch,
        fullMsPerInference: full,
        fullMsPerInferencePerCheckpoint: full / K,
        previousFullMsPerInference: previousMs,
        bareGraphMsPerInference: bareMs,
        tsLoopMsPerInference: tsMs,
        numpyMsPerInference: npMs,
        fullOverBare: full / K / bareMs,
        speedupVsTs: tsMs / full,
        speedupVsNumpy: npMs ? npMs / full : undefined,
        speedupVsPrevious: previousMs / full,
        fullGBs: (K * bytesPerCheckpoint) / ((full * batch) / 1000) / 1e9,
        bareGBs: bytesPerCheckpoint / ((bareMs * batch) / 1000) / 1e9,
        rounds,
      }
      rows.push(row)
      console.log(JSON.stringify(row))
    }
    await Promise.all([scorer.release(), previous.release(), bare.release()])
  }
  const meta = {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    loadAverage1m: os.loadavg()[0],
    node: process.version,
    onnxruntime: ort.env.versions.node,
    numpy: numpyVersion,
    device,
    K,
    width: WIDTH,
    topK: TOP_K,
    copyBandwidthGBs: copyGBs,
  }
  writeFileSync(path.join(RESULTS, 'attribution.json'), `${JSON.stringify({ meta, rows }, null, 2)}\n`)
  writeFileSync(path.join(RESULTS, 'attribution.md'), markdown(meta, rows))
  console.log(markdown(meta, rows))
}

function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c]
  return out
}

function markdown(meta: Record<string, unknown>, rows: Row[]): string {
  const f = (x: number | undefined, d = 3) => (x === undefined ? 'n/a' : x.toFixed(d))
  const lines = [
    '# Attribution score pass benchmark',
    '',
    `${meta.date}, ${meta.cpu} (${meta.cores} cores, 1-min load average ${f(meta.loadAverage1m as number, 1)} at start: other jobs shared the CPU), Node ${meta.node}, onnxruntime-node ${meta.onnxruntime} (${meta.device}), numpy ${meta.numpy ?? 'n/a'}.`,
    `K = ${meta.K} checkpoints, last-layer width ${meta.width}, 2 classes, top-${meta.topK}, synthetic H/Δ, one example per contribution.`,
    `Copy bandwidth (Float32Array.set, bytes copied per second): ${f(meta.copyBandwidthGBs as number, 1)} GB/s.`,
    '',
    `Times are milliseconds per inference: median over ${ROUNDS} alternating rounds (all five measured in each) of the median of each round's repetitions.`,
    '"full" = attributeBatch: query folding, int8 screening graph over all K checkpoints, exact float64 rescoring of the',
    'contributions whose error bounds reach the top-k, top-k, ppm. "previous" = the same call on the float32 graph (TopK',
    'inside the graph, k scores per query out; `cpuScreening: false`: the CUDA path and the auditor\'s). "bare" = ONNX graph of one checkpoint\'s two float32',
    'MatMuls and product only. TS loop and numpy compute all K checkpoints. GB/s = float32 bytes of H and Δ per batch / batch',
    'time (the screen itself reads int8, a quarter of that).',
    '',
    '| n | batch | full (K=3) | full / K | bare graph (1 ckpt) | (full/K) / bare | TS loop | numpy | vs TS | vs numpy | previous full | vs previous | full GB/s | bare GB/s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${r.batch} | ${f(r.fullMsPerInference)} | ${f(r.fullMsPerInferencePerCheckpoint)} | ${f(r.bareGraphMsPerInference)} | ${f(r.fullOverBare, 2)}x | ${f(r.tsLoopMsPerInference, 1)} | ${f(r.numpyMsPerInference)} | ${f(r.speedupVsTs, 0)}x | ${f(r.speedupVsNumpy, 2)}x | ${f(r.previousFullMsPerInference)} | ${f(r.speedupVsPrevious, 2)}x | ${f(r.fullGBs, 1)} | ${f(r.bareGBs, 1)} |`,
    ),
    '',
  ]
  return lines.join('\n')
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
