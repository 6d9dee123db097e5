import fs from 'node:fs'
import path from 'node:path'
import { DevnetStartError } from './errors'

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' }

/**
 * Absolute path of the anvil binary shipped by `@foundry-rs/anvil`'s platform package.
 * We spawn the binary directly (not `npx anvil`) so stopping the devnet kills anvil itself.
 *
 * @throws {DevnetStartError} when no binary exists for this platform.
 * @example
 * spawn(anvilBinary(), ['--port', '8545', '--optimism'])
 */
export function anvilBinary(): string {
  const pkg = `@foundry-rs/anvil-${process.platform}-${ARCH[process.arch] ?? process.arch}`
  try {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`))
    const bin = path.join(dir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil')
    if (fs.existsSync(bin)) return bin
  } catch {
    // fall through to the named error below
  }
  throw new DevnetStartError(`No anvil binary for ${process.platform}/${process.arch}.`, {
    details: `Expected the npm package ${pkg} (an optional dependency of @foundry-rs/anvil); reinstall with "npm install".`,
  })
}
