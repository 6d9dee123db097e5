import fs from 'node:fs'

/**
 * True while `pid` runs (a zombie waiting for its reaper counts as gone: containers whose pid 1
 * reaps late keep killed processes as zombies for a while).
 *
 * @example
 * expect(alive(devnet.pid)).toBe(true)
 */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 3, after the parenthesised command name, is the state.
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    if (process.platform === 'linux') return false
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
}

/**
 * Milliseconds until `pid` is gone; throws after `ms`.
 *
 * @example
 * await goneWithin(anvilPid, 5_000)
 */
export async function goneWithin(pid: number, ms: number): Promise<number> {
  const started = Date.now()
  while (alive(pid)) {
    if (Date.now() - started > ms) throw new Error(`process ${pid} still runs after ${ms} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return Date.now() - started
}
