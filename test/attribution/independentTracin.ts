/**
 * An independent plain-TypeScript implementation of the attribution method as DESIGN.md §3 and
 * src/attribution/README.md ("The method, precisely") document it, sharing no code with the
 * engine: last-layer TracIn-CP, cosine form, `score_i = Σ_k eta_k · cos(h_i, h_t) · cos(δ_i, δ_t)`
 * in float64 from the model's float32 activations, positive scores only, top-k (ties to the
 * smaller id), parts per million by largest remainder (ties to the smaller id). Reproducibility
 * check: anyone can recompute the settled weights without the engine.
 */

/** One checkpoint's parameters, as the model package stores them (float32). */
export type PlainCheckpoint = {
  hiddenDim: number
  numClasses: number
  /** `[inputDim, hiddenDim]` row-major. */
  w1: ArrayLike<number>
  b1: ArrayLike<number>
  /** `[hiddenDim, numClasses]` row-major. */
  w2: ArrayLike<number>
  b2: ArrayLike<number>
  learningRate: number
}

/** A sparse input: feature indices with their values, in the featuriser's order. */
export type PlainInput = { indices: ArrayLike<number>; values: ArrayLike<number> }

const f32 = Math.fround

/**
 * The model's last-layer quantities at one checkpoint, with the model's float32 roundings: hidden
 * pre-activations summed in float64 (bias, then each feature's row in input order), tanh rounded
 * to float32, a 1 appended; logits accumulated in float32 from the bias; softmax rounded to
 * float32; δ = softmax − onehot(label) with the label entry as −(sum of the other entries).
 */
export function lastLayer(ck: PlainCheckpoint, x: PlainInput, label?: number) {
  const H = ck.hiddenDim
  const C = ck.numClasses
  const pre = Array.from({ length: H }, (_, u) => ck.b1[u])
  for (let j = 0; j < x.indices.length; j++) {
    const row = x.indices[j] * H
    for (let u = 0; u < H; u++) pre[u] += x.values[j] * ck.w1[row + u]
  }
  const h = [...pre.map((v) => f32(Math.tanh(v))), 1]
  const logits = Array.from({ length: C }, (_, c) => f32(ck.b2[c]))
  for (let u = 0; u < H; u++) for (let c = 0; c < C; c++) logits[c] = f32(logits[c] + h[u] * ck.w2[u * C + c])
  const max = Math.max(...logits)
  const sum = logits.reduce((s, l) => s + Math.exp(l - max), 0)
  const probs = logits.map((l) => f32(Math.exp(l - max) / sum))
  let predicted = 0
  for (let c = 1; c < C; c++) if (logits[c] > logits[predicted]) predicted = c
  const y = label ?? predicted
  let others = 0
  const delta = probs.map((p, c) => (c === y ? 0 : p))
  for (let c = 0; c < C; c++) if (c !== y) others += probs[c]
  delta[y] = f32(-others)
  return { h, delta, predicted }
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i], 0)
const norm = (a: readonly number[]) => Math.sqrt(dot(a, a))

/** Per-checkpoint (h, δ) of training examples, computed once. */
export type PlainTraining = { h: number[][]; delta: number[][] }[]

/** Last-layer quantities of every training example at every checkpoint. */
export function trainingLayers(
  checkpoints: readonly PlainCheckpoint[],
  inputs: readonly PlainInput[],
  labels: readonly number[],
): PlainTraining {
  return checkpoints.map((ck) => {
    const out = inputs.map((x, i) => lastLayer(ck, x, labels[i]))
    return { h: out.map((o) => o.h), delta: out.map((o) => o.delta) }
  })
}

/** Cosine TracIn-CP score of every training example for one inference (0 where a norm is 0). */
export function scores(
  checkpoints: readonly PlainCheckpoint[],
  training: PlainTraining,
  x: PlainInput,
): number[] {
  const last = lastLayer(checkpoints[checkpoints.length - 1], x)
  const n = training[0].h.length
  const out = new Array<number>(n).fill(0)
  checkpoints.forEach((ck, k) => {
    const t = lastLayer(ck, x, last.predicted)
    const ht = norm(t.h)
    const dt = norm(t.delta)
    for (let i = 0; i < n; i++) {
      const hi = training[k].h[i]
      const di = training[k].delta[i]
      const den = norm(hi) * ht * norm(di) * dt
      if (den > 0) out[i] += (ck.learningRate * dot(hi, t.h) * dot(di, t.delta)) / den
    }
  })
  return out
}

const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)

/**
 * Payout weights from scores: positive only, the k best (ties to the smaller id), ppm = floor of
 * each exact quota (score / sum × 1,000,000), the remaining ppm one each to the largest fractional
 * parts (ties to the smaller id). Best first.
 */
export function weights(
  scoreOf: readonly number[],
  ids: readonly string[],
  topK: number,
): { contributionId: string; weightPpm: number; score: number }[] {
  const picked = ids
    .map((id, i) => ({ id, s: scoreOf[i] }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || byId(a.id, b.id))
    .slice(0, topK)
  const total = picked.reduce((s, x) => s + x.s, 0)
  const quota = picked.map((x) => (x.s / total) * 1_000_000)
  const ppm = quota.map(Math.floor)
  let left = 1_000_000 - ppm.reduce((s, v) => s + v, 0)
  const order = picked
    .map((_, j) => j)
    .sort((a, b) => quota[b] - ppm[b] - (quota[a] - ppm[a]) || byId(picked[a].id, picked[b].id))
  for (let j = 0; left > 0; j++, left--) ppm[order[j % order.length]]++
  return picked.map((x, j) => ({ contributionId: x.id, weightPpm: ppm[j], score: x.s }))
}
