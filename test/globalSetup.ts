import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Gives the whole test run one private temporary root: worker processes inherit TMPDIR, so every
 * `mkdtemp(os.tmpdir())` of a suite (artifact stores, embedded Postgres data, manifests) lands
 * under it and is removed when the run ends, even when a suite forgot to clean up.
 *
 * @example
 * // vitest.config.mts: test.globalSetup = ['test/globalSetup.ts']
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'openledger-test-'))
  fs.chmodSync(root, 0o777)
  const previous = process.env.TMPDIR
  process.env.TMPDIR = root
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    fs.rmSync(root, { recursive: true, force: true })
  }
}
