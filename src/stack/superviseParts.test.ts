import { describe, expect, it } from 'vitest'
import { RetryableError } from '../errors'
import { backoffDelay } from './backoffDelay'
import { type Part, superviseParts } from './superviseParts'

class FlakyError extends RetryableError {
  override name = 'FlakyError'
}

/** Waits until `check` holds, polling every 5 ms, for at most 5 s. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s')
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** A part that runs until stopped, recording when each run started. */
function runningPart(name: string, starts: number[] = []): Part {
  return {
    name,
    run: (signal) =>
      new Promise<void>((resolve) => {
        starts.push(Date.now())
        signal.addEventListener('abort', () => resolve(), { once: true })
      }),
  }
}

describe('backoffDelay', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [7, 60_000],
    [1_000, 60_000],
  ])('after %i consecutive failures waits %i ms (doubling from 1 s, capped at 60 s)', (failures, ms) => {
    expect(backoffDelay(failures)).toBe(ms)
  })
  it('takes its own start, factor and cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { initialMs: 10, factor: 3, maxMs: 100 }))).toEqual([
      10, 30, 90, 100,
    ])
  })
})

describe('superviseParts', () => {
  it('restarts a part that throws with growing, capped delays, logs each failure and restart, and keeps the others running', async () => {
    const lines: string[] = []
    const starts: number[] = []
    let failuresLeft = 4
    const supervisor = superviseParts({
      backoff: { initialMs: 40, factor: 2, maxMs: 100 },
      log: (l) => lines.push(l),
    })
    supervisor.add(runningPart('auditor'))
    supervisor.add({
      name: 'indexer',
      run: async (signal) => {
        starts.push(Date.now())
        if (failuresLeft-- > 0) throw new FlakyError(`rpc gone (${failuresLeft} left)`)
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
      },
    })
    try {
      await until(() => starts.length === 5)
      const gaps = starts.slice(1).map((t, i) => t - starts[i])
      // 40, 80, 100 (capped), 100 ms. Node's timers may fire up to ~1 ms early as Date.now() sees it
      // (both round to whole milliseconds), so 2 ms of slack.
      expect(gaps.map((g, i) => g >= [40, 80, 100, 100][i] - 2)).toEqual([true, true, true, true])
      expect(gaps[0]).toBeLessThan(gaps[1])
      const [auditor, indexer] = supervisor.health()
      expect(auditor).toMatchObject({ name: 'auditor', state: 'running', restarts: 0, lastError: null })
      expect(indexer).toMatchObject({
        name: 'indexer',
        state: 'running',
        restarts: 4,
        lastError: 'FlakyError: rpc gone (0 left)',
      })
      expect(Date.parse(indexer.since)).toBeGreaterThanOrEqual(starts[4] - 5)
      expect(lines).toEqual([
        'indexer failed: FlakyError: rpc gone (3 left); restarting in 40 ms',
        'indexer restarted (restart 1)',
        'indexer failed: FlakyError: rpc gone (2 left); restarting in 80 ms',
        'indexer restarted (restart 2)',
        'indexer failed: FlakyError: rpc gone (1 left); restarting in 100 ms',
        'indexer restarted (restart 3)',
        'indexer failed: FlakyError: rpc gone (0 left); restarting in 100 ms',
        'indexer restarted (restart 4)',
      ])
    } finally {
      await supervisor.stop()
    }
  })

  it('reports a failing part as restarting, with the reason, while it waits out its backoff', async () => {
    const supervisor = superviseParts({ backoff: { initialMs: 60_000 } })
    supervisor.add({
      name: 'auditor',
      run: () => Promise.reject(new Error('relation "settlement" does not exist\nat line 1')),
    })
    try {
      await until(() => supervisor.health()[0].state === 'restarting')
      expect(supervisor.health()).toEqual([
        {
          name: 'auditor',
          state: 'restarting',
          since: expect.any(String),
          lastError: 'Error: relation "settlement" does not exist',
          restarts: 0,
        },
      ])
    } finally {
      const stopping = Date.now()
      await supervisor.stop()
      // The stop cuts the 60 s backoff short.
      expect(Date.now() - stopping).toBeLessThan(1_000)
    }
  })

  it('leaves a part with restart: false down, and counts a return before the stop as a failure', async () => {
    let runs = 0
    const supervisor = superviseParts({ backoff: { initialMs: 10 } })
    supervisor.add({ name: 'devnet', restart: false, run: () => Promise.reject(new Error('anvil exited')) })
    supervisor.add({
      name: 'indexer',
      run: async () => {
        runs++
      },
    })
    try {
      await until(() => runs >= 3)
      await new Promise((r) => setTimeout(r, 50))
      const [devnet, indexer] = supervisor.health()
      expect(devnet).toMatchObject({ state: 'down', restarts: 0, lastError: 'Error: anvil exited' })
      expect(indexer.lastError).toBe('PartEndedError: The indexer stopped by itself.')
      expect(indexer.restarts).toBeGreaterThanOrEqual(2)
    } finally {
      await supervisor.stop()
    }
  })

  it('starts the backoff over after a run that lasted stableMs', async () => {
    const lines: string[] = []
    let run = 0
    const supervisor = superviseParts({
      backoff: { initialMs: 20, factor: 10, maxMs: 10_000 },
      stableMs: 100,
      log: (l) => lines.push(l),
    })
    // Runs: fails at once, fails at once (delay 200), then fails after 150 ms of running (delay 20 again).
    supervisor.add({
      name: 'auditor',
      run: async (signal) => {
        run++
        if (run === 3) await new Promise((r) => setTimeout(r, 150))
        if (run <= 3) throw new Error(`failure ${run}`)
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
      },
    })
    try {
      await until(() => run === 4)
      expect(lines.filter((l) => l.includes('failed'))).toEqual([
        'auditor failed: Error: failure 1; restarting in 20 ms',
        'auditor failed: Error: failure 2; restarting in 200 ms',
        'auditor failed: Error: failure 3; restarting in 20 ms',
      ])
    } finally {
      await supervisor.stop()
    }
  })

  it('does not count what a part throws while being stopped as a failure', async () => {
    const lines: string[] = []
    const supervisor = superviseParts({ log: (l) => lines.push(l) })
    let started = false
    supervisor.add({
      name: 'indexer',
      run: (signal) =>
        new Promise<void>((_resolve, reject) => {
          started = true
          signal.addEventListener('abort', () => reject(new Error('stopped mid-batch')))
        }),
    })
    await until(() => started)
    await supervisor.stop()
    expect(supervisor.health()[0]).toMatchObject({ state: 'running', lastError: null, restarts: 0 })
    expect(lines).toEqual([])
  })

  it('stops at once when stopped before a part has started its first run', async () => {
    let runs = 0
    const supervisor = superviseParts()
    supervisor.add({
      name: 'indexer',
      // Listens for an abort that, had it run, would already have happened.
      run: (signal) => {
        runs++
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
      },
    })
    await supervisor.stop()
    expect(runs).toBe(0)
  })

  it('tells onFailure of every failure with the error itself, not of what a part throws while stopped', async () => {
    const seen: [string, unknown][] = []
    const supervisor = superviseParts({
      backoff: { initialMs: 10 },
      onFailure: (part, error) => seen.push([part.name, error]),
    })
    const boom = new FlakyError('boom')
    let runs = 0
    supervisor.add({
      name: 'flaky',
      run: (signal) => {
        runs++
        if (runs <= 2) throw boom
        return new Promise<void>((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('stopping'))),
        )
      },
    })
    await until(() => runs === 3)
    await supervisor.stop()
    expect(seen).toEqual([
      ['flaky', boom],
      ['flaky', boom],
    ])
  })
})
