import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { differingTables, type StateDigest } from './digest'
import { COMPARABLE_TABLES } from './peerIndexer'
import { runUntilCaughtUp } from './runUntilCaughtUp'
import { treeRssMb } from './treeRss'

const digest = (md5: string): StateDigest =>
  Object.fromEntries(COMPARABLE_TABLES.map((t) => [t, { rows: 1, total: '5', md5 }])) as StateDigest

describe('bench:peers harness', () => {
  it('sums the RSS of a process and its children', async () => {
    // A node parent holding a node child: the tree is both, the parent alone is less.
    const child = spawn(process.execPath, [
      '-e',
      "require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'inherit' }); setTimeout(() => {}, 60000)",
    ])
    try {
      await new Promise((r) => setTimeout(r, 1500))
      const tree = treeRssMb(child.pid!)
      const own =
        Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024
      expect(tree).toBeGreaterThan(own * 1.5)
    } finally {
      process.kill(child.pid!, 'SIGKILL')
    }
  })

  it('names the tables whose digest differs', () => {
    const a = digest('aa')
    const b = { ...digest('aa'), balances: { rows: 1, total: '6', md5: 'aa' } }
    expect(differingTables(a, digest('aa'))).toEqual([])
    expect(differingTables(a, b)).toEqual(['balances'])
  })

  it('reports a peer that exits before the head with its command and output', async () => {
    const run = runUntilCaughtUp({
      peer: 'fake',
      command: process.execPath,
      args: ['-e', "console.error('boom: no database'); process.exit(3)"],
      cwd: process.cwd(),
      env: process.env,
      caughtUp: async () => false,
      timeoutMs: 30_000,
    })
    await expect(run).rejects.toMatchObject({ reason: 'exited (3) before reaching the head' })
    await expect(run).rejects.toMatchObject({ output: expect.stringContaining('boom: no database') })
  })

  it('times a peer that exits at its end block once its last output arrives', async () => {
    const r = await runUntilCaughtUp({
      peer: 'fake',
      command: process.execPath,
      args: ['-e', "setTimeout(() => { console.log('Exiting with success'); process.exit(0) }, 300)"],
      cwd: process.cwd(),
      env: process.env,
      caughtUp: async (out) => out.includes('Exiting with success'),
      exitsAtHead: true,
      timeoutMs: 30_000,
    })
    expect(r.seconds).toBeGreaterThan(0.2)
    expect(r.peakRssMb).toBeGreaterThan(0)
  })
})
