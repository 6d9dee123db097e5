import { spawn } from 'node:child_process'
import { PeerRunError } from './peerIndexer'
import { sampleTreeRss } from './treeRss'

const OUTPUT_KEEP = 20_000

/**
 * Spawns an indexer in its own process group, polls `caughtUp` until it says the head is indexed,
 * then stops the whole group. Seconds run from spawn to the first true `caughtUp` (startup, code
 * generation and migrations included: end to end); peak RSS is the process tree's.
 *
 * @throws {PeerRunError} with the output's tail when it exits first or runs past `timeoutMs`.
 * @example
 * const r = await runUntilCaughtUp({ peer: 'ponder', command: 'node', args, cwd, env, caughtUp })
 */
export async function runUntilCaughtUp(opts: {
  peer: string
  command: string
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  caughtUp: (output: string) => Promise<boolean>
  timeoutMs: number
  pollMs?: number
  /** The indexer exits by itself at the head (an end block): exit code 0 means caught up. */
  exitsAtHead?: boolean
}): Promise<{ seconds: number; peakRssMb: number; output: string }> {
  const commandLine = `${opts.command} ${opts.args.join(' ')}`
  const t0 = performance.now()
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-OUTPUT_KEEP)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited: number | string | null | undefined
  let exitedAt = 0
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = code ?? signal
      exitedAt = performance.now()
      resolve()
    }),
  )
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true))
    child.once('error', (err) => {
      output += String(err)
      resolve(false)
    })
  })
  if (!spawned) throw new PeerRunError(opts.peer, commandLine, 'could not start', output)
  const rss = sampleTreeRss(child.pid!)
  const stopGroup = async () => {
    if (exited !== undefined) return
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {}
    const killed = await Promise.race([exit.then(() => true), sleep(5000).then(() => false)])
    if (!killed)
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {}
    await exit
  }
  try {
    for (;;) {
      let ready = false
      try {
        ready = await opts.caughtUp(output)
      } catch {
        // Tables not created yet, server not listening yet: keep polling.
      }
      if (ready) {
        const seconds = (performance.now() - t0) / 1000
        return { seconds, peakRssMb: rss.stop(), output }
      }
      if (exited === 0 && opts.exitsAtHead) {
        // Its last output may still be in the pipe: wait for the streams to close.
        if (!child.stdout.closed) await new Promise((r) => child.stdout.once('close', r).once('error', r))
        if (await opts.caughtUp(output).catch(() => false))
          return { seconds: (exitedAt - t0) / 1000, peakRssMb: rss.stop(), output }
      }
      if (exited !== undefined)
        throw new PeerRunError(opts.peer, commandLine, `exited (${exited}) before reaching the head`, output)
      if (performance.now() - t0 > opts.timeoutMs)
        throw new PeerRunError(
          opts.peer,
          commandLine,
          `not at the head after ${opts.timeoutMs / 1000} s`,
          output,
        )
      await sleep(opts.pollMs ?? 200)
    }
  } finally {
    rss.stop()
    await stopGroup()
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
