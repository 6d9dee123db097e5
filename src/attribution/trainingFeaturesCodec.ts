/**
 * Byte encoding of {@link TrainingFeatures} so they can be cached in the artifact store.
 */
import { readFloatsLE, writeFloatsLE } from './checkpointCodec'
import { ArtifactFormatError } from './errors'
import type { TrainingFeatures } from './trainingFeatures'

const MAGIC = 0x46544c4f // 'OLTF'
const VERSION = 1
const HEADER_BYTES = 24

/**
 * Serialises training features: header (magic, version, n, width, classes, K), then per checkpoint
 * eta_k (f64) and h, delta, hNorm, deltaNorm as little-endian float32.
 *
 * @example
 * const hash = await store.put(encodeTrainingFeatures(features))
 */
export function encodeTrainingFeatures(f: TrainingFeatures): Uint8Array {
  const perCk = 8 + 4 * (f.n * f.width + f.n * f.numClasses + 2 * f.n)
  const buf = new ArrayBuffer(HEADER_BYTES + perCk * f.checkpoints.length)
  const view = new DataView(buf)
  for (const [i, v] of [MAGIC, VERSION, f.n, f.width, f.numClasses, f.checkpoints.length].entries())
    view.setUint32(i * 4, v, true)
  let offset = HEADER_BYTES
  for (const ck of f.checkpoints) {
    view.setFloat64(offset, ck.learningRate, true)
    offset += 8
    for (const t of [ck.h, ck.delta, ck.hNorm, ck.deltaNorm]) {
      writeFloatsLE(view, offset, t)
      offset += t.byteLength
    }
  }
  return new Uint8Array(buf)
}

/**
 * Parses bytes from {@link encodeTrainingFeatures}.
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
  if (version !== VERSION) throw new ArtifactFormatError('training features', 'unknown version')
  const perCk = 8 + 4 * (n * width + n * numClasses + 2 * n)
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
    checkpoints.push({
      learningRate,
      h: take(n * width),
      delta: take(n * numClasses),
      hNorm: take(n),
      deltaNorm: take(n),
    })
  }
  return { n, width, numClasses, checkpoints }
}
