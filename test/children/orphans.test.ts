import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../setup/chain'
import { alive, goneWithin } from './processAlive'

/** Runs holdChildren.ts in a child node process and resolves with the pids it printed. */
function holdChildren(what: 'devnet' | 'postgres' | 'both', mode: 'wait' | 'throw' | 'deploy-fails') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-orphans-'))
  fs.chmodSync(dir, 0o777)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'holdChildren.ts'), what, mode, path.join(dir, 'pg')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString()
  })
  child.stderr.on('data', (b: Buffer) => {
    out += b.toString()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const pids = new Promise<{ anvil?: number; postgres?: number }>((resolve, reject) => {
    const onData = () => {
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line))
    }
    child.stdout.on('data', onData)
    exited.then(() => reject(new Error(`fixture exited before printing its pids:\n${out}`)))
  })
  return {
    child,
    pids,
    exited,
    output: () => out,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

describe('no orphaned anvil or PostgreSQL', () => {
  it('anvil and PostgreSQL die with a node process that is SIGKILLed', async () => {
    const run = holdChildren('both', 'wait')
    try {
      const { anvil, postgres } = await run.pids
      expect(alive(anvil!) && alive(postgres!)).toBe(true)
      run.child.kill('SIGKILL')
      await run.exited
      // anvil gets SIGTERM at once; PostgreSQL a fast shutdown (SIGINT), SIGKILL after 10 s.
      await goneWithin(anvil!, 5_000)
      await goneWithin(postgres!, 10_000)
    } finally {
      run.child.kill('SIGKILL')
      run.cleanup()
    }
  })

  it('anvil dies with a node process that crashes with an uncaught exception after starting it', async () => {
    const run = holdChildren('devnet', 'throw')
    const { anvil } = await run.pids
    const exit = await run.exited
    expect(exit.code).toBe(1)
    expect(run.output()).toContain('crash after the children started')
    await goneWithin(anvil!, 5_000)
    run.cleanup()
  })

  it('anvil dies with a node process whose deploy fails after the devnet started', async () => {
    const run = holdChildren('devnet', 'deploy-fails')
    const { anvil } = await run.pids
    const exit = await run.exited
    expect(exit.code).toBe(1)
    expect(run.output()).toMatch(/ContractArtifactMissingError|No compiled artifact/)
    await goneWithin(anvil!, 5_000)
    run.cleanup()
  })
})
