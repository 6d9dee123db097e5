/**
 * How one part of the process serving the API is doing (the indexer, the auditor, the devnet).
 *
 * @example
 * const part: PartHealth = { name: 'indexer', state: 'running', since: new Date().toISOString(), lastError: null, restarts: 0 }
 */
export type PartHealth = {
  name: string
  /** `restarting`: failed, restarted after a backoff; `down`: failed and not restarted. */
  state: 'running' | 'restarting' | 'down'
  /** ISO time the part entered `state`. */
  since: string
  /** Why it last failed (also after it recovered), or null. */
  lastError: string | null
  restarts: number
}

/**
 * Reports the parts running next to the API; absent when the API runs alone (`serve`).
 *
 * @example
 * const health: HealthProvider = () => supervisor.parts()
 */
export type HealthProvider = () => PartHealth[]
