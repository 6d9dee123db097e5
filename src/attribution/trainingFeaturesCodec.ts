/**
 * Byte encoding of {@link TrainingFeatures} so they can be cached in the artifact store.
 */
import { readFloatsLE, writeFloatsLE } from './checkpointCodec'
import { ArtifactFormatError } from './errors'
import { rowNorms, type TrainingFeatures } from './trainingFeatures'

const MAGIC = 0x46544c4f // 'OLTF'
/** 2: no stored norms (version 1 stored them as float32; they are recomputed in float64 on decode). */
const VERSION = 2
const HEADER_BYTES = 24

/**
 * Serialises training features: header (magic, version, n, width, classes, K), then per checkpoint
 * eta_k (f64) and h, delta as little-endian float32. The norms are not stored: they are a function
 * of h and delta, recomputed in float64 on decode, so a cache can never carry different ones.
 *
 * @example
 * const hash = await store.put(encodeTrainingFeatures(features))
 */
export function encodeTrainingFeatures(f: TrainingFeatures): Uint8Array {
  const perCk = 8 + 4 * (f.n * f.width + f.n * f.numClasses)
  const buf = new ArrayBuffer(HEADER_BYTES + perCk * f.checkpoints.length)
  const view = new DataView(buf)
  for (const [i, v] of [MAGIC, VERSION, f.n, f.width, f.numClasses, f.checkpoints.length].entries())
    view.setUint32(i * 4, v, true)
  let offset = HEADER_BYTES
  for (const ck of f.checkpoints) {
    view.setFloat64(offset, ck.learningRate, true)
    offset += 8
    for (const t of [ck.h, ck.delta]) {
      writeFloatsLE(view, offset, t)
      offset += t.byteLength
    }
  }
  return new Uint8Array(buf)
}

/**
 * Parses bytes from {@link encodeTrainingFeatures} (version 2, or version 1 whose float32 norms
 * are skipped), with the norms recomputed in float64.
 *
 * @throws {ArtifactFormatError} wrong magic, version or length.
 * @example
 * const features = decodeTrainingFeatures(await store.get(hash))
 */
export function decodeTrainingFeatures(bytes: Uint8Array): TrainingFeatures {
  if (bytes.byteLength < HEADER_BYTES) throw new ArtifactFormatError('training features', 'too short')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const [magic, version, n, width, numClasses, K] = [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(i * 4, true))
  if (magic !== MAGIC) throw new ArtifactFormatError('training features', 'bad magic')
  if (version !== VERSION && version !== 1)
    throw new ArtifactFormatError('training features', 'unknown version')
  const storedNorms = version === 1 ? 2 * n : 0
  const perCk = 8 + 4 * (n * width + n * numClasses + storedNorms)
  if (bytes.byteLength !== HEADER_BYTES + perCk * K)
    throw new ArtifactFormatError('training features', `expected ${HEADER_BYTES + perCk * K} bytes`)
  let offset = HEADER_BYTES
  const take = (count: number): Float32Array => {
    const t = readFloatsLE(view, offset, count)
    offset += count * 4
    return t
  }
  const checkpoints = []
  for (let k = 0; k < K; k++) {
    const learningRate = view.getFloat64(offset, true)
    offset += 8
    const h = take(n * width)
    const delta = take(n * numClasses)
    offset += 4 * storedNorms
    checkpoints.push({
      learningRate,
      h,
      delta,
      hNorm: rowNorms(h, n, width),
      deltaNorm: rowNorms(delta, n, numClasses),
    })
  }
  return { n, width, numClasses, checkpoints }
}
