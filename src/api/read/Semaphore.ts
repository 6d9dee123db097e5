import { ConfigError } from '../../errors'
import { StatementQueueError } from '../errors'

type Waiter = { grant: (release: () => void) => void; timer?: NodeJS.Timeout }

export type SemaphoreOptions = {
  /** Most callers waiting at once; one more is refused. @default unbounded */
  maxQueue?: number
  /** Longest wait, ms; a caller waiting longer is refused. @default unbounded */
  maxWaitMs?: number
}

/**
 * A counting semaphore with a FIFO queue that can be bounded in length and in waiting time, so
 * a flood of work is refused early instead of piling up unseen.
 *
 * @example
 * const sem = new Semaphore(2, { maxQueue: 10, maxWaitMs: 5000 })
 * const rows = await sem.use(() => pool.query(sql))
 */
export class Semaphore {
  #free: number
  readonly #queue: Waiter[] = []

  constructor(
    readonly permits: number,
    readonly options: SemaphoreOptions = {},
  ) {
    if (!Number.isInteger(permits) || permits < 1)
      throw new ConfigError(`permits must be >= 1, got ${permits}`)
    this.#free = permits
  }

  /** Nobody holds or waits for a permit. */
  get idle(): boolean {
    return this.#free === this.permits && this.#queue.length === 0
  }

  /** Callers waiting for a permit. */
  get queued(): number {
    return this.#queue.length
  }

  /**
   * Waits for a permit and resolves with its release function (calling it twice is harmless).
   *
   * @throws {StatementQueueError} `full` when the queue is at `maxQueue`, `timeout` after `maxWaitMs`.
   */
  acquire(): Promise<() => void> {
    if (this.#free > 0) {
      this.#free--
      return Promise.resolve(this.#releaser())
    }
    const { maxQueue, maxWaitMs } = this.options
    if (maxQueue !== undefined && this.#queue.length >= maxQueue)
      return Promise.reject(new StatementQueueError('full', maxQueue))
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { grant: resolve }
      if (maxWaitMs !== undefined)
        waiter.timer = setTimeout(() => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1)
          reject(new StatementQueueError('timeout', maxWaitMs))
        }, maxWaitMs)
      this.#queue.push(waiter)
    })
  }

  /** Runs `fn` holding a permit. @throws {StatementQueueError} as {@link acquire}. */
  async use<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await fn()
    } finally {
      release()
    }
  }

  #releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#queue.shift()
      if (!next) {
        this.#free++
        return
      }
      clearTimeout(next.timer)
      // The permit passes straight to the next waiter, so a newcomer cannot overtake the queue.
      next.grant(this.#releaser())
    }
  }
}
