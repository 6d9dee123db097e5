/**
 * Hashed bag-of-words features. Deterministic by construction (no vocabulary to ship): the same
 * text gives the same sparse vector on any machine, which an auditor needs to recompute scores.
 */
import { AttributionInputError } from './errors'

/** A sparse feature vector: strictly increasing `indices` with matching `values`. */
export type SparseVector = {
  indices: Int32Array
  values: Float32Array
}

/** Options of {@link hashedBagOfWords}. */
export type FeatureOptions = {
  /** Number of hash buckets; a power of two. @default 16384 */
  buckets?: number
}

/** Default number of hash buckets (2^14): few enough collisions to tell near-identical mails apart. */
export const DEFAULT_BUCKETS = 16384

const TOKEN_RE = /[a-z0-9]+/g
const MAX_TOKEN_LENGTH = 40

/**
 * 32-bit FNV-1a over UTF-16 code units; fixed and trivially portable, unlike a library hash.
 *
 * @example
 * fnv1a('spam') // 0x…
 */
export function fnv1a(token: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * Lower-cases and splits text into alphanumeric tokens (over-long tokens, e.g. base64 lines, are dropped).
 *
 * @example
 * tokenize('Hello, WORLD 42') // ['hello', 'world', '42']
 */
export function tokenize(text: string): string[] {
  const tokens = text.toLowerCase().match(TOKEN_RE) ?? []
  return tokens.filter((t) => t.length <= MAX_TOKEN_LENGTH)
}

/**
 * Signed feature hashing of token counts: bucket `fnv1a(token) mod buckets`, sign from the top hash
 * bit (keeps inner products unbiased under collisions), value `log(1 + tf)`, then L2-normalised so
 * long mails do not dominate.
 *
 * @example
 * const x = hashedBagOfWords('Buy cheap meds now', { buckets: 16384 })
 * x.indices.length // 4
 */
export function hashedBagOfWords(text: string, options: FeatureOptions = {}): SparseVector {
  const buckets = options.buckets ?? DEFAULT_BUCKETS
  if (!Number.isInteger(buckets) || buckets <= 0 || (buckets & (buckets - 1)) !== 0)
    throw new AttributionInputError(`buckets must be a power of two, got ${buckets}`)
  const counts = new Map<string, number>()
  for (const token of tokenize(text)) counts.set(token, (counts.get(token) ?? 0) + 1)
  const acc = new Map<number, number>()
  for (const [token, tf] of counts) {
    const h = fnv1a(token)
    const bucket = h & (buckets - 1)
    const sign = h >>> 31 ? -1 : 1
    acc.set(bucket, (acc.get(bucket) ?? 0) + sign * Math.log1p(tf))
  }
  const indices = Int32Array.from(acc.keys()).sort()
  const values = new Float32Array(indices.length)
  let norm = 0
  for (let i = 0; i < indices.length; i++) {
    const v = acc.get(indices[i])!
    norm += v * v
  }
  norm = Math.sqrt(norm)
  for (let i = 0; i < indices.length; i++) values[i] = norm > 0 ? acc.get(indices[i])! / norm : 0
  return { indices, values }
}

/**
 * Expands sparse vectors into a dense row-major `[rows, buckets]` Float32Array (ONNX model input).
 *
 * @example
 * const dense = densify([x], 16384) // length 16384
 */
export function densify(rows: readonly SparseVector[], buckets: number): Float32Array {
  const out = new Float32Array(rows.length * buckets)
  rows.forEach((row, r) => {
    for (let j = 0; j < row.indices.length; j++) out[r * buckets + row.indices[j]] = row.values[j]
  })
  return out
}
