import type { ChildProcess } from 'node:child_process'
import { createPrng } from '../../../src/attribution/prng'

export type Spawned = {
  child: ChildProcess
  output(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export type Restartable = {
  readonly name: string
  /** The running process (the latest one). */
  readonly current: Spawned
  readonly kills: number
  /** Time from each kill until `ready` said yes again, summed (ms). */
  readonly downMs: number
  /** Exits nobody asked for (each is restarted). */
  readonly crashes: number
  /** Last lines of a crashed process's output, for the report. */
  readonly crashOutput: string[]
  /** Ends the kill schedule; the process keeps running. */
  calm(): void
  /** Ends the kill schedule and stops the process with SIGTERM; resolves with its exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * A child process that is SIGKILLed about every `killEveryMs` (0.5x to 1.5x, seeded) and started
 * again at once, and restarted too if it exits by itself (counted as a crash).
 *
 * @example
 * const indexer = restartable('indexer', () => spawnIndexer(opts), { killEveryMs: 60_000, seed: 1 })
 * await indexer.stop()
 */
export function restartable(
  name: string,
  spawn: () => Spawned,
  opts: {
    killEveryMs: number
    seed: number
    log: (line: string) => void
    /** Whether the restarted process serves again (for `downMs`). @default its having started */
    ready?: () => Promise<boolean>
  },
): Restartable {
  const rng = createPrng(opts.seed)
  let current = spawn()
  let kills = 0
  let downMs = 0
  let crashes = 0
  let stopping = false
  let calmed = false
  const crashOutput: string[] = []
  const watch = (p: Spawned) =>
    p.exited.then((exit) => {
      if (stopping || p !== current || exit.signal === 'SIGKILL') return
      crashes++
      crashOutput.push(p.output().slice(-2000))
      opts.log(`${name} exited by itself (${exit.code ?? exit.signal}); restarting`)
      current = spawn()
      watch(current)
    })
  watch(current)
  let timer: NodeJS.Timeout | undefined
  const schedule = () => {
    timer = setTimeout(
      async () => {
        if (stopping || calmed) return
        const victim = current
        const killed = Date.now()
        victim.child.kill('SIGKILL')
        await victim.exited
        kills++
        opts.log(`${name}: SIGKILL #${kills}, restarting`)
        if (stopping) return
        current = spawn()
        watch(current)
        while (opts.ready && !stopping && !(await opts.ready().catch(() => false)))
          await new Promise((r) => setTimeout(r, 250))
        downMs += Date.now() - killed
        schedule()
      },
      opts.killEveryMs * (0.5 + rng.next()),
    )
  }
  schedule()
  return {
    name,
    get current() {
      return current
    },
    get kills() {
      return kills
    },
    get downMs() {
      return downMs
    },
    get crashes() {
      return crashes
    },
    crashOutput,
    calm: () => {
      calmed = true
      clearTimeout(timer)
    },
    stop: async () => {
      stopping = true
      clearTimeout(timer)
      current.child.kill('SIGTERM')
      return current.exited
    },
  }
}
