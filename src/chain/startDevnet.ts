import { spawn } from 'node:child_process'
import { stopChild } from '../children/stopChild'
import { tieToParent } from '../children/tieToParent'
import { assertPortFree, freePort } from '../util/freePort'
import { anvilBinary } from './anvilBinary'
import { DevnetStartError } from './errors'
import { rpcChainId } from './rpcChainId'

export type DevnetOptions = {
  /** Loopback port. @default a free one */
  port?: number
  /** @default 31337 (anvil's) */
  chainId?: number
  /** Number of funded dev accounts derived from anvil's test mnemonic. @default 20 */
  accounts?: number
  /** Native OPEN per dev account, in whole OPEN. @default 10_000_000 */
  balance?: number
  /** Seconds between blocks; undefined mines one block per transaction (automine). */
  blockTime?: number
  /** Block gas limit. @default 60_000_000 (room for batched demo transactions) */
  gasLimit?: bigint
  /** How long to wait for the node to answer. @default 20_000 ms */
  startTimeoutMs?: number
}

/** A running local OP-stack devnet. */
export type Devnet = {
  rpcUrl: string
  port: number
  chainId: number
  /** anvil's process id. */
  pid: number
  /** Settles when anvil exits, whoever ended it (stop(), a crash, a signal from outside). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Stops anvil and waits for the process to exit. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Starts anvil (from `@foundry-rs/anvil`) in `--optimism` mode on 127.0.0.1, so transactions carry the
 * OP-stack L1 data fee fields the indexer records, and resolves once it answers JSON-RPC. anvil is
 * tied to this process ({@link tieToParent}): if this process ends without stopping it, even by
 * SIGKILL, anvil is stopped too.
 *
 * @throws {PortInUseError} when the requested port is taken.
 * @throws {DevnetStartError} when anvil exits early or does not answer in time.
 * @example
 * const devnet = await startDevnet()
 * console.log(devnet.rpcUrl) // http://127.0.0.1:41234
 * await devnet.stop()
 */
export async function startDevnet(opts: DevnetOptions = {}): Promise<Devnet> {
  const chainId = opts.chainId ?? 31337
  if (opts.port !== undefined) await assertPortFree(opts.port)
  const port = opts.port ?? (await freePort())
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--optimism',
    '--chain-id',
    String(chainId),
    '--accounts',
    String(opts.accounts ?? 20),
    '--balance',
    String(opts.balance ?? 10_000_000),
    '--gas-limit',
    String(opts.gasLimit ?? 60_000_000n),
    '--silent',
    // anvil otherwise writes evicted historical states to ~/.foundry/anvil/tmp (2 MB each here, 8 GB
    // for a 25k-block benchmark chain) and leaves them behind when killed; the states kept in memory
    // cover every rollback and historical read this project makes.
    '--max-persisted-states',
    '0',
    ...(opts.blockTime ? ['--block-time', String(opts.blockTime)] : []),
  ]
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const tie = child.pid === undefined ? undefined : tieToParent(child.pid)
  exited.then(() => tie?.release())
  const rpcUrl = `http://127.0.0.1:${port}`
  const stop = once(() => stopChild(child, { signal: 'SIGTERM', graceMs: 3_000 }))

  const deadline = Date.now() + (opts.startTimeoutMs ?? 20_000)
  let exitCode: number | null | undefined
  exited.then(({ code }) => {
    exitCode = code
  })
  child.once('error', (err) => {
    stderr += String(err)
    exitCode = -1
  })
  while (true) {
    if (exitCode !== undefined)
      throw new DevnetStartError(`anvil exited with code ${exitCode} before answering on ${rpcUrl}.`, {
        details: stderr.trim() || undefined,
      })
    try {
      await rpcChainId(rpcUrl, { expected: chainId, timeoutMs: 500 })
      return { rpcUrl, port, chainId, pid: child.pid as number, exited, stop }
    } catch {
      if (Date.now() > deadline) {
        await stop()
        throw new DevnetStartError(`anvil did not answer on ${rpcUrl} within the start timeout.`, {
          details: stderr.trim() || undefined,
        })
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined
  return () => {
    p ??= fn()
    return p
  }
}
