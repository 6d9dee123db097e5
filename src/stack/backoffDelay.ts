export type BackoffOptions = {
  /** Delay before the first restart. @default 1_000 ms */
  initialMs?: number
  /** Upper bound of the delay. @default 60_000 ms */
  maxMs?: number
  /** Growth per consecutive failure. @default 2 */
  factor?: number
}

/**
 * Delay before restarting a part after its `failures`-th consecutive failure (1-based):
 * exponential from `initialMs`, capped at `maxMs`.
 *
 * @example
 * backoffDelay(1) // 1000
 * backoffDelay(3) // 4000
 * backoffDelay(20) // 60000
 */
export function backoffDelay(failures: number, opts: BackoffOptions = {}): number {
  const initial = opts.initialMs ?? 1_000
  const max = opts.maxMs ?? 60_000
  const factor = opts.factor ?? 2
  // Past the cap the power would only overflow towards Infinity: stop computing it there.
  const exponent = Math.min(Math.max(failures - 1, 0), 64)
  return Math.min(max, initial * factor ** exponent)
}
