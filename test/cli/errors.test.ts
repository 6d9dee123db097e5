import { execFile } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../src/util/freePort'
import { ROOT } from '../setup/chain'

const run = promisify(execFile)
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')

/** Runs the CLI as a user would; resolves with exit code and output instead of throwing. */
async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(ROOT, 'src/cli/main.ts'), ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

/** Bad deployment input gets a named error on one line, exit code 1, and no library stack trace. */
describe('CLI errors on bad deployment input', () => {
  let blocker: net.Server
  let busyPort: number
  beforeAll(async () => {
    busyPort = await freePort()
    blocker = net.createServer()
    await new Promise<void>((r) => blocker.listen(busyPort, '127.0.0.1', r))
  })
  afterAll(() => blocker?.close())

  const expectNamed = (r: { code: number; stderr: string }, first: string) => {
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n').find((l) => l.trim() && !l.startsWith('npm warn'))).toBe(first)
    expect(r.stderr).not.toMatch(/^\s+at /m)
  }

  it.each([
    [
      'no RPC configured',
      ['deploy'],
      {},
      'ConfigError: deploy needs a node: pass --rpc-url or set RPC_URL (or use "devnet").',
    ],
    [
      'an RPC nobody answers',
      ['deploy', '--rpc-url', 'http://127.0.0.1:9'],
      {},
      'RpcUnreachableError: No JSON-RPC node answers at http://127.0.0.1:9.',
    ],
    [
      'a malformed RPC URL',
      ['deploy'],
      { RPC_URL: 'not a url' },
      'ConfigError: RPC_URL is not a valid URL: "not a url".',
    ],
    [
      'a --host flag with a port (checked as API_HOST is)',
      ['start', '--rpc-url', 'http://127.0.0.1:9', '--host', '127.0.0.1:4350'],
      {},
      'ConfigError: --host must be an IP address or host name (no port), got "127.0.0.1:4350".',
    ],
    [
      'a --trust-proxy flag beyond what API_TRUST_PROXY allows',
      ['serve', '--trust-proxy', '1000'],
      {},
      'ConfigError: --trust-proxy must be an integer between 0 and 32, got "1000".',
    ],
    [
      'a --db-url flag that is no PostgreSQL URL',
      ['index', '--db-url', 'mysql://db/x'],
      {},
      'ConfigError: --db-url must use one of postgres:, postgresql:, got "mysql:".',
    ],
  ])('%s', async (_name, args, env, first) => {
    expectNamed(await cli(args, env as Record<string, string>), first)
  })

  it('an occupied devnet port', async () => {
    expectNamed(
      await cli(['devnet', '--port', String(busyPort)]),
      `PortInUseError: Port ${busyPort} on 127.0.0.1 is already in use.`,
    )
  })

  it('a node on another chain than CHAIN_ID', async () => {
    const { startDevnet } = await import('../../src/chain/startDevnet')
    const devnet = await startDevnet({ chainId: 161201 })
    try {
      const r = await cli(['deploy', '--rpc-url', devnet.rpcUrl], { CHAIN_ID: '1612' })
      expectNamed(
        r,
        `ChainIdMismatchError: Chain id mismatch at ${devnet.rpcUrl}: expected 1612, the node reports 161201.`,
      )
    } finally {
      await devnet.stop()
    }
  })

  it('a malformed flag value names the flag', async () => {
    const r = await cli(['devnet', '--port', '70000'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      "error: option '--port <port>' argument '70000' is invalid. Expected a port from 1 to 65535.",
    )
  })

  // One test per command: each start of the CLI loads the whole program, ~10 s on a loaded 2-core box.
  it.each([
    'start',
    'demo',
    'devnet',
    'deploy',
    'index',
    'serve',
    'audit',
    'compile',
    'migration',
    'analytics',
    'audit verify',
  ])('%s answers --help', async (command) => {
    const r = await cli([...command.split(' '), '--help'])
    expect(r.code, command).toBe(0)
    expect(r.stdout, command).toMatch(new RegExp(`^Usage: openledger ${command}`))
  })
})
