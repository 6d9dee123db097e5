/**
 * Byte encoding of {@link Checkpoint}s for the artifact store: a fixed little-endian header
 * followed by the raw float32 tensors, so the hash commits to every parameter bit.
 */
import type { Checkpoint } from './checkpoint'
import { ArtifactFormatError } from './errors'

const MAGIC = 0x4b434c4f // 'OLCK' read as little-endian u32
const VERSION = 1
const HEADER_BYTES = 32

/**
 * Serialises a checkpoint (header: magic, version, dims, step, learning rate as f64).
 *
 * @example
 * const hash = await store.put(encodeCheckpoint(checkpoint))
 */
export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  const floats = ck.w1.length + ck.b1.length + ck.w2.length + ck.b2.length
  const buf = new ArrayBuffer(HEADER_BYTES + floats * 4)
  const view = new DataView(buf)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, VERSION, true)
  view.setUint32(8, ck.inputDim, true)
  view.setUint32(12, ck.hiddenDim, true)
  view.setUint32(16, ck.numClasses, true)
  view.setUint32(20, ck.step, true)
  view.setFloat64(24, ck.learningRate, true)
  let offset = HEADER_BYTES
  for (const t of [ck.w1, ck.b1, ck.w2, ck.b2]) {
    writeFloatsLE(view, offset, t)
    offset += t.length * 4
  }
  return new Uint8Array(buf)
}

/**
 * Parses bytes produced by {@link encodeCheckpoint}.
 *
 * @throws {ArtifactFormatError} wrong magic, version or length.
 * @example
 * const checkpoint = decodeCheckpoint(await store.get(hash))
 */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  if (bytes.byteLength < HEADER_BYTES) throw new ArtifactFormatError('checkpoint', 'too short')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== MAGIC) throw new ArtifactFormatError('checkpoint', 'bad magic')
  if (view.getUint32(4, true) !== VERSION) throw new ArtifactFormatError('checkpoint', 'unknown version')
  const inputDim = view.getUint32(8, true)
  const hiddenDim = view.getUint32(12, true)
  const numClasses = view.getUint32(16, true)
  const sizes = [inputDim * hiddenDim, hiddenDim, hiddenDim * numClasses, numClasses]
  const total = sizes.reduce((a, b) => a + b, 0)
  if (bytes.byteLength !== HEADER_BYTES + total * 4)
    throw new ArtifactFormatError(
      'checkpoint',
      `expected ${HEADER_BYTES + total * 4} bytes, got ${bytes.byteLength}`,
    )
  let offset = HEADER_BYTES
  const [w1, b1, w2, b2] = sizes.map((n) => {
    const t = readFloatsLE(view, offset, n)
    offset += n * 4
    return t
  })
  return {
    inputDim,
    hiddenDim,
    numClasses,
    w1,
    b1,
    w2,
    b2,
    step: view.getUint32(20, true),
    learningRate: view.getFloat64(24, true),
  }
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1

/**
 * Copies float32 values into `view` at `offset`, little-endian whatever the host order.
 *
 * @example
 * writeFloatsLE(view, 32, weights)
 */
export function writeFloatsLE(view: DataView, offset: number, values: Float32Array): void {
  if (LITTLE_ENDIAN) {
    new Uint8Array(view.buffer, view.byteOffset + offset, values.byteLength).set(
      new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    )
    return
  }
  for (let i = 0; i < values.length; i++) view.setFloat32(offset + i * 4, values[i], true)
}

/**
 * Reads `n` little-endian float32 values from `view` at `offset`. On a little-endian host with the
 * values 4-byte aligned this is a view over the same memory (no copy: a restarted auditor decodes
 * ~300 MB of cached features, where the copy alone took a second); otherwise a fresh aligned copy.
 * Either way the result aliases nothing the caller writes: artifact bytes are read-only.
 *
 * @example
 * const b1 = readFloatsLE(view, 32, 256)
 */
export function readFloatsLE(view: DataView, offset: number, n: number): Float32Array {
  const at = view.byteOffset + offset
  if (LITTLE_ENDIAN && at % 4 === 0) return new Float32Array(view.buffer, at, n)
  const out = new Float32Array(n)
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(new Uint8Array(view.buffer, view.byteOffset + offset, n * 4))
    return out
  }
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + i * 4, true)
  return out
}
