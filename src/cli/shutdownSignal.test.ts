import { afterEach, describe, expect, it } from 'vitest'
import { shutdownSignal } from './shutdownSignal'

describe('shutdownSignal', () => {
  const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') }
  afterEach(() => {
    // Leave the test process as it was: drop the listeners the function installed.
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      for (const l of process.listeners(signal).slice(before[signal])) process.off(signal, l)
  })

  it('aborts on the first signal from the moment it is called, with the signal as the reason', () => {
    const signal = shutdownSignal()
    expect(signal.aborted).toBe(false)
    process.emit('SIGTERM')
    expect([signal.aborted, signal.reason]).toEqual([true, 'SIGTERM'])
    // A relayed second one finds a listener (the default action would exit mid-shutdown).
    process.emit('SIGINT')
    expect(signal.reason).toBe('SIGTERM')
    expect(() => signal.throwIfAborted()).toThrow()
  })
})
