/**
 * A scorer cache wrapper for the auditor benchmarks: how long the first model open took, and where
 * the time went.
 */
import type { ModelScorerCache } from '../../../src/attribution/modelScorer'
import type { OpenPhases } from './report'

export type TimedCache = ModelScorerCache & { openMs?: number; open?: OpenPhases }

/**
 * Wraps `inner`, recording the first `get`'s duration and phases (the derived cache is passed on).
 *
 * @example
 * const scorers = timedCache(createAuditScorers(store, { cacheDir }))
 */
export function timedCache(inner: ModelScorerCache): TimedCache {
  const out: TimedCache = {
    derived: inner.derived,
    get(hash) {
      const t = performance.now()
      const p = inner.get(hash)
      if (out.openMs === undefined)
        void p
          .then((m) => {
            out.openMs ??= performance.now() - t
            out.open ??= {
              package: m.timingsMs.package,
              features: m.timingsMs.features,
              graphs: m.scorer.openMs.graphs,
              sessions: m.scorer.openMs.sessions,
            }
          })
          .catch(() => {})
      return p
    },
    close: () => inner.close(),
  }
  return out
}
