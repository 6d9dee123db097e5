/** Fields holding addresses or hashes: the same value whatever the letter case (EIP-55 checksums). */
const HEX_FIELDS = new Set([
  'validator',
  'contributor',
  'artifactHash',
  'inputHash',
  'merkleRoot',
  'inferenceRouter',
  'weights',
  'onnx',
])

/** Where two values first differ: a path like `record.rewards[2].amount`, and both sides as text. */
export type Difference = { path: string; file: string; reference: string }

/**
 * The first difference between a value from an evidence file and the same value rebuilt from a
 * trusted source, depth first in the reference's key order; undefined when they are equal.
 * Addresses and hashes compare without regard to letter case.
 *
 * @example
 * const d = firstDifference(evidence.record, chainRecord, 'record')
 * if (d) console.log(`${d.path}: file ${d.file}, chain ${d.reference}`)
 */
export function firstDifference(file: unknown, reference: unknown, path: string): Difference | undefined {
  const show = (v: unknown) =>
    v === undefined ? '(absent)' : typeof v === 'bigint' ? v.toString() : JSON.stringify(v)
  const differ = (): Difference => ({ path, file: show(file), reference: show(reference) })
  if (Array.isArray(reference)) {
    if (!Array.isArray(file)) return differ()
    for (let i = 0; i < Math.min(file.length, reference.length); i++) {
      const d = firstDifference(file[i], reference[i], `${path}[${i}]`)
      if (d) return d
    }
    return file.length === reference.length
      ? undefined
      : { path, file: `${file.length} entries`, reference: `${reference.length} entries` }
  }
  if (reference !== null && typeof reference === 'object') {
    if (file === null || typeof file !== 'object' || Array.isArray(file)) return differ()
    const f = file as Record<string, unknown>
    const r = reference as Record<string, unknown>
    // Own keys only: a hostile file's "constructor" or "__proto__" must neither hide behind the
    // prototype (`in` sees Object.prototype's) nor be compared with an inherited value.
    const own = (o: Record<string, unknown>, k: string) => (Object.hasOwn(o, k) ? o[k] : undefined)
    for (const key of [...Object.keys(r), ...Object.keys(f).filter((k) => !Object.hasOwn(r, k))]) {
      const d = firstDifference(own(f, key), own(r, key), `${path}.${key}`)
      if (d) return d
    }
    return undefined
  }
  const key = path.slice(path.lastIndexOf('.') + 1)
  if (HEX_FIELDS.has(key) && typeof file === 'string' && typeof reference === 'string')
    return file.toLowerCase() === reference.toLowerCase() ? undefined : differ()
  return file === reference ? undefined : differ()
}
