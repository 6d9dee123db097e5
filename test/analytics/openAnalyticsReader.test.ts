import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  AnalyticsLockedError,
  AnalyticsOpenError,
  openAnalyticsReader,
  openAnalyticsStore,
} from '../../src/analytics'
import { openServedAnalytics } from '../../src/stack/openServedAnalytics'
import { ROOT } from '../setup/chain'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-reader-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const file = path.join(dir, 'analytics.duckdb')

/** Another process holding `file` for writing, as `start` does, until killed. */
async function holdInChild() {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(file)}).then((i) => { globalThis.held = i; setInterval(() => {}, 60000); console.log('held') })`,
      '--',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve())
    child.on('exit', (code) => reject(new Error(`holder exited ${code}`)))
  })
  return child
}

describe('openAnalyticsReader', () => {
  it('opens a store read-only, several at once, in UTC; refuses a missing file with a named error', async () => {
    await expect(openAnalyticsReader(file)).rejects.toBeInstanceOf(AnalyticsOpenError)
    const store = await openAnalyticsStore(file)
    await store.connection.run(`CREATE TABLE t AS SELECT TIMESTAMPTZ '2026-01-01 00:00:00+00' AS ts`)
    store.close()
    store.instance.closeSync()
    const a = await openAnalyticsReader(file)
    const b = await openAnalyticsReader(file)
    const [ca, cb] = [await a.connect(), await b.connect()]
    expect((await ca.runAndReadAll('SELECT CAST(ts AS VARCHAR) FROM t')).getRows()).toEqual([
      ['2026-01-01 00:00:00+00'],
    ])
    await expect(cb.run('CREATE TABLE u (x INTEGER)')).rejects.toThrow(/read-only/)
    // Connections first: an instance with one open keeps the file.
    for (const c of [ca, cb]) c.closeSync()
    for (const i of [a, b]) i.closeSync()
    // What serve offers over it: the dashboards' source.
    const served = await openServedAnalytics(file)
    expect(await served?.source.query('SELECT count(*) AS n FROM t', {})).toEqual({
      columns: ['n'],
      rows: [[1n]],
    })
    served?.close()
  })

  it('names the process holding the file for writing (start), and serve then runs without analytics', async () => {
    const child = await holdInChild()
    try {
      const err = await openAnalyticsReader(file).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AnalyticsLockedError)
      expect((err as Error).message).toContain(`held by another process (PID ${child.pid})`)
      const lines: string[] = []
      expect(await openServedAnalytics(file, (l) => lines.push(l))).toBeUndefined()
      expect(lines[0]).toMatch(
        /^\[serve\] analytics off: AnalyticsLockedError: The analytics store .* is held/,
      )
    } finally {
      child.kill('SIGKILL')
    }
  })
})
