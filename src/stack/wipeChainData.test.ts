import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { wipeChainData } from './wipeChainData'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** A data directory as an earlier devnet left it: index, evidence, artifacts and the auditor's key. */
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-wipe-'))
  dirs.push(dir)
  for (const sub of ['postgres', 'audits', 'artifacts']) {
    fs.mkdirSync(path.join(dir, sub))
    fs.writeFileSync(path.join(dir, sub, 'file'), 'x')
  }
  fs.writeFileSync(path.join(dir, 'auditor.key'), 'k')
  return dir
}

describe('wipeChainData', () => {
  it("removes the embedded database's directory and the evidence, and keeps the artifacts and the auditor's key", () => {
    const dir = dataDir()
    wipeChainData({ dataDir: dir, database: { kind: 'embedded', dataDir: path.join(dir, 'postgres') } })
    expect(fs.readdirSync(dir).sort()).toEqual(['artifacts', 'auditor.key'])
  })

  it('leaves an external database alone (only the evidence goes), and accepts what is already gone', () => {
    const dir = dataDir()
    const external = { kind: 'external', url: 'postgres://u:p@127.0.0.1:1/db' } as const
    wipeChainData({ dataDir: dir, database: external })
    expect(fs.readdirSync(dir).sort()).toEqual(['artifacts', 'auditor.key', 'postgres'])
    expect(() => wipeChainData({ dataDir: dir, database: external })).not.toThrow()
  })
})
