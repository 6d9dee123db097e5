import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, describe, expect, it } from 'vitest'
import { lockDownInstance } from './lockDownInstance'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-down-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('lockDownInstance', () => {
  it('closes files outside the allowed directory, may leave SET open, and can be called again', async () => {
    const staging = path.join(dir, 'staging')
    fs.mkdirSync(staging)
    fs.writeFileSync(path.join(staging, 'rows.csv'), 'a\n1\n')
    fs.writeFileSync(path.join(dir, 'secret.csv'), 'a\n2\n')
    const instance = await DuckDBInstance.create(':memory:')
    const c = await instance.connect()
    try {
      const opts = { allowedDirectories: [`${staging}/`], lockConfiguration: false }
      await lockDownInstance(c, opts)
      // A second API on the same instance (a restart in the same process) finds it closed already.
      await lockDownInstance(c, opts)
      expect((await c.runAndReadAll(`SELECT a FROM read_csv('${staging}/rows.csv')`)).getRowsJson()).toEqual([
        ['1'],
      ])
      await expect(c.run(`SELECT a FROM read_csv('${dir}/secret.csv')`)).rejects.toThrow(
        /disabled by configuration/,
      )
      await c.run("SET TimeZone = 'UTC'")
      await lockDownInstance(c)
      await expect(c.run("SET TimeZone = 'UTC'")).rejects.toThrow(/locked/)
      await lockDownInstance(c)
    } finally {
      c.closeSync()
      instance.closeSync()
    }
  })
})
