import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { stopChild } from '../../src/children/stopChild'
import { alive } from './processAlive'

/** A real node process that prints "ready" once its signal handlers are in place. */
async function child(code: string) {
  const proc = spawn(process.execPath, ['-e', `${code}; setInterval(() => {}, 1000); console.log('ready')`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()))
  return proc
}

describe('stopChild', () => {
  it('stops a child that obeys the signal at once, with that signal', async () => {
    const proc = await child('')
    const started = Date.now()
    await stopChild(proc, { signal: 'SIGINT', graceMs: 10_000 })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect([proc.signalCode, alive(proc.pid as number)]).toEqual(['SIGINT', false])
  })

  it('kills a child that ignores the signal once the grace period is over', async () => {
    const proc = await child("process.on('SIGTERM', () => {})")
    const started = Date.now()
    await stopChild(proc, { graceMs: 500 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(500)
    expect([proc.signalCode, alive(proc.pid as number)]).toEqual(['SIGKILL', false])
    // Stopping an exited child resolves at once.
    await stopChild(proc)
  })
})
