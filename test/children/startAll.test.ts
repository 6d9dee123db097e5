import { describe, expect, it } from 'vitest'
import { startDevnet } from '../../src/chain/startDevnet'
import { startAll } from '../setup/startAll'
import { alive } from './processAlive'

describe('startAll (test setups)', () => {
  it('stops the devnet that started when the other start of a beforeAll fails', async () => {
    let pid = 0
    const devnet = startDevnet().then((d) => {
      pid = d.pid
      return d
    })
    const database = new Promise<{ stop(): Promise<void> }>((_, reject) =>
      // Fails after the devnet is up, as a database start that fails late would.
      devnet.then(() => reject(new Error('database did not start'))),
    )
    await expect(startAll([devnet, database])).rejects.toThrow('database did not start')
    expect(pid).toBeGreaterThan(0)
    // Stopped before the failure was rethrown, not when the worker process ends.
    expect(alive(pid)).toBe(false)
  })

  it('gives back every started thing, in order, when all start', async () => {
    const [a, b] = await startAll([startDevnet(), startDevnet()])
    try {
      expect(a.rpcUrl).not.toBe(b.rpcUrl)
      expect(a.pid).not.toBe(b.pid)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })
})
