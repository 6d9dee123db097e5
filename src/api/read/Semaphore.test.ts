import { describe, expect, it } from 'vitest'
import { StatementQueueError } from '../errors'
import { Semaphore } from './Semaphore'

const tick = () => new Promise((r) => setImmediate(r))
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('Semaphore', () => {
  it('lets `permits` callers in at once and the rest in arrival order', async () => {
    const sem = new Semaphore(2)
    const order: number[] = []
    const gates = [0, 1, 2, 3].map(() => deferred())
    const runs = gates.map((g, i) =>
      sem.use(async () => {
        order.push(i)
        await g.promise
      }),
    )
    await tick()
    expect(order).toEqual([0, 1])
    expect(sem.queued).toBe(2)
    gates[1].resolve()
    await tick()
    expect(order).toEqual([0, 1, 2])
    gates[0].resolve()
    gates[2].resolve()
    gates[3].resolve()
    await Promise.all(runs)
    expect(order).toEqual([0, 1, 2, 3])
    expect(sem.idle).toBe(true)
  })

  it('refuses a caller beyond maxQueue with StatementQueueError full', async () => {
    const sem = new Semaphore(1, { maxQueue: 1 })
    const release = await sem.acquire()
    const waiting = sem.acquire()
    await expect(sem.acquire()).rejects.toMatchObject({ name: 'StatementQueueError', reason: 'full' })
    release()
    const second = await waiting
    second()
    second() // a second release must not free a permit it does not hold
    expect(sem.idle).toBe(true)
    const [a, b] = [await sem.acquire(), sem.acquire()]
    expect(sem.queued).toBe(1)
    a()
    ;(await b)()
  })

  it('refuses a caller that waited past maxWaitMs, and the queue moves on', async () => {
    const sem = new Semaphore(1, { maxWaitMs: 20 })
    const release = await sem.acquire()
    const err = await sem.acquire().catch((e) => e)
    expect(err).toBeInstanceOf(StatementQueueError)
    expect(err.reason).toBe('timeout')
    expect(sem.queued).toBe(0)
    release()
    expect(sem.idle).toBe(true)
  })

  it('releases the permit when the work throws', async () => {
    const sem = new Semaphore(1)
    await expect(sem.use(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(sem.idle).toBe(true)
  })
})
