import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureInstalled, OPENREADER_PEER_PACKAGES } from './openReaderPeer'

// The peer install's bookkeeping (lock, staging, reuse) with a fake install in place of npm ci; the
// real install is exercised by test/api/openReaderParity.test.ts on a machine without the peer.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'peer-install-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const PACKAGES = { 'fake-peer': '2.0.0' }
let n = 0
const freshDir = () => path.join(root, `peer-${n++}`)

/** A fake install that writes the packages' manifests after `ms`, counting its runs. */
function fakeInstall(ms = 50, version = '2.0.0') {
  const runs: string[] = []
  const install = async (staging: string) => {
    runs.push(staging)
    await new Promise((r) => setTimeout(r, ms))
    const dir = path.join(staging, 'node_modules', 'fake-peer')
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fake-peer', version }))
  }
  return { install, runs }
}

const leftovers = (dir: string) =>
  fs.readdirSync(path.dirname(dir)).filter((f) => f.startsWith(`${path.basename(dir)}.`))

describe('ensureInstalled', () => {
  it('installs once for runs in parallel, then reuses the folder', async () => {
    const dir = freshDir()
    const { install, runs } = fakeInstall(300)
    const got = await Promise.all([1, 2, 3].map(() => ensureInstalled(dir, PACKAGES, install)))
    expect(got).toEqual([dir, dir, dir])
    expect(runs).toHaveLength(1)
    expect(leftovers(dir)).toEqual([]) // no lock, no staging folder
    await ensureInstalled(dir, PACKAGES, install)
    expect(runs).toHaveLength(1)
  })

  it('replaces an install of another version', async () => {
    const dir = freshDir()
    await ensureInstalled(dir, { 'fake-peer': '1.0.0' }, fakeInstall(0, '1.0.0').install)
    const { install, runs } = fakeInstall(0)
    await ensureInstalled(dir, PACKAGES, install)
    expect(runs).toHaveLength(1)
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'fake-peer', 'package.json'), 'utf8')),
    ).toEqual({
      name: 'fake-peer',
      version: '2.0.0',
    })
  })

  it('takes over the lock of a run that exited without releasing it', async () => {
    const dir = freshDir()
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    fs.mkdirSync(`${dir}.lock`, { recursive: true })
    fs.writeFileSync(path.join(`${dir}.lock`, 'owner'), `${dead} ${os.hostname()}\n`)
    const started = Date.now()
    await ensureInstalled(dir, PACKAGES, fakeInstall(0).install)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(leftovers(dir)).toEqual([])
  })

  it('fails with the install error and leaves nothing behind, so the next run installs', async () => {
    const dir = freshDir()
    await expect(
      ensureInstalled(dir, PACKAGES, async (staging) => {
        fs.writeFileSync(path.join(staging, 'half'), '')
        throw new Error('registry unreachable')
      }),
    ).rejects.toThrow('registry unreachable')
    await expect(ensureInstalled(dir, PACKAGES, async () => {})).rejects.toThrow(/without the packages/)
    expect(fs.existsSync(dir)).toBe(false)
    expect(leftovers(dir)).toEqual([])
    const { install, runs } = fakeInstall(0)
    await expect(ensureInstalled(dir, PACKAGES, install)).resolves.toBe(dir)
    expect(runs).toHaveLength(1)
  })

  it("the OpenReader peer's manifest pins exact versions, and its lock matches them", () => {
    const manifestDir = path.join(__dirname, 'openreader-peer')
    const lock = JSON.parse(fs.readFileSync(path.join(manifestDir, 'package-lock.json'), 'utf8'))
    for (const [name, version] of Object.entries(OPENREADER_PEER_PACKAGES)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/)
      expect(lock.packages[''].dependencies[name]).toBe(version)
      expect(lock.packages[`node_modules/${name}`].version).toBe(version)
    }
    expect(Object.keys(OPENREADER_PEER_PACKAGES)).toContain('@subsquid/graphql-server')
  })
})
