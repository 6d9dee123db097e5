/**
 * Seeded pseudo-random numbers. Training and splits must be reproducible bit for bit (an auditor
 * retrains or re-splits from the seed), so nothing here touches `Math.random`.
 */

/** A deterministic generator: `next()` in [0, 1), `normal()` standard Gaussian. */
export type Prng = {
  next(): number
  /** Integer in [0, n). */
  int(n: number): number
  normal(): number
}

/**
 * mulberry32: 32-bit state, good enough statistics for shuffles and weight init, and trivially
 * portable to other languages an auditor might use.
 *
 * @example
 * const rng = createPrng(42)
 * rng.next() // 0.6011037519201636
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0
  let spare: number | undefined
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== undefined) {
        const s = spare
        spare = undefined
        return s
      }
      // Box–Muller; 1 - u keeps log away from 0.
      const u = 1 - next()
      const v = next()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
  }
}
