import { afterEach, describe, expect, it } from 'vitest'
import { waitForShutdown } from './waitForShutdown'

describe('waitForShutdown', () => {
  const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') }
  afterEach(() => {
    // Leave the test process as it was: drop the listeners the function installed.
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      for (const l of process.listeners(signal).slice(before[signal])) process.off(signal, l)
  })

  it('resolves on the first signal and swallows a relayed second one instead of dying', async () => {
    const done = waitForShutdown()
    process.emit('SIGINT')
    expect(await done).toBe('SIGINT')
    // A second Ctrl-C relayed by a launcher must still find a listener (default action: exit 130).
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(before.SIGINT)
    process.emit('SIGINT')
  })

  it('answers SIGTERM the same way', async () => {
    const done = waitForShutdown()
    process.emit('SIGTERM')
    expect(await done).toBe('SIGTERM')
  })
})
