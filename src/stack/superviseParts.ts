import { setTimeout as sleep } from 'node:timers/promises'
import type { PartHealth } from '../api/schema/partHealth'
import { failureReason } from '../errors'
import { type BackoffOptions, backoffDelay } from './backoffDelay'
import { PartEndedError } from './errors'

/** One long-running part of the stack (the indexer, the auditor, the devnet watch). */
export type Part = {
  name: string
  /** Runs until `signal` aborts, then returns; a rejection, or a return before the abort, is a failure. */
  run(signal: AbortSignal): Promise<void>
  /** Restart after a failure; false leaves the part `down`. @default true */
  restart?: boolean
}

export type SupervisorOptions = {
  backoff?: BackoffOptions
  /**
   * A run that lasted this long before it failed counts as recovered: the next delay starts again
   * from `backoff.initialMs`. @default 60_000 ms
   */
  stableMs?: number
  /** Receives one line per failure and per restart. @default dropped */
  log?: (line: string) => void
  /** Called with every failure, before the part is restarted or left down (the stack's start watches it). */
  onFailure?: (part: Part, error: unknown) => void
}

/** Runs parts, restarts the failed ones and says how each is doing. */
export type Supervisor = {
  /** Starts supervising `part` now. */
  add(part: Part): void
  /** A snapshot of every part's state, in the order they were added. */
  health(): PartHealth[]
  /** Aborts every part and waits for their runs to return. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Supervises the parts of a process: each runs with an AbortSignal; one that fails (throws, or
 * returns before being stopped) is restarted after an exponential, capped backoff — or left `down`
 * when it says `restart: false` — and the others carry on. Every failure and restart is logged
 * with its reason, and `health()` reports each part's state, since when, its last error and how
 * often it was restarted.
 *
 * @example
 * const supervisor = superviseParts({ log: console.log })
 * supervisor.add({ name: 'indexer', run: (signal) => runIndexer({ config, manifest, signal }) })
 * supervisor.health() // [{ name: 'indexer', state: 'running', since: '…', lastError: null, restarts: 0 }]
 * await supervisor.stop()
 */
export function superviseParts(opts: SupervisorOptions = {}): Supervisor {
  const log = opts.log ?? (() => {})
  const stableMs = opts.stableMs ?? 60_000
  const stopping = new AbortController()
  const signal = stopping.signal
  const states: PartHealth[] = []
  const loops: Promise<void>[] = []
  let stopped: Promise<void> | undefined

  const supervise = async (part: Part, state: PartHealth) => {
    const enter = (next: PartHealth['state']) => {
      state.state = next
      state.since = new Date().toISOString()
    }
    let failures = 0
    while (!signal.aborted) {
      const started = Date.now()
      let failure: unknown
      try {
        // Through a promise, so a run that throws synchronously is a failure like any other; a
        // stop that came meanwhile means no run at all.
        await Promise.resolve().then(() => (signal.aborted ? undefined : part.run(signal)))
        if (signal.aborted) break
        failure = new PartEndedError(part.name)
      } catch (err) {
        // Whatever a part throws while being stopped is its way of stopping, not a failure.
        if (signal.aborted) break
        failure = err
      }
      failures = Date.now() - started >= stableMs ? 1 : failures + 1
      state.lastError = failureReason(failure)
      opts.onFailure?.(part, failure)
      if (part.restart === false) {
        enter('down')
        log(`${part.name} is down: ${state.lastError}`)
        break
      }
      const delay = backoffDelay(failures, opts.backoff)
      enter('restarting')
      log(`${part.name} failed: ${state.lastError}; restarting in ${formatMs(delay)}`)
      await sleep(delay, undefined, { signal }).catch(() => {})
      if (signal.aborted) break
      state.restarts++
      enter('running')
      log(`${part.name} restarted (restart ${state.restarts})`)
    }
  }

  return {
    add(part) {
      if (signal.aborted) return
      const state: PartHealth = {
        name: part.name,
        state: 'running',
        since: new Date().toISOString(),
        lastError: null,
        restarts: 0,
      }
      states.push(state)
      loops.push(supervise(part, state))
    },
    health: () => states.map((s) => ({ ...s })),
    stop() {
      stopped ??= (async () => {
        stopping.abort()
        await Promise.allSettled(loops)
      })()
      return stopped
    },
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s`
}
