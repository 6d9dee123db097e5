import fs from 'node:fs'

/**
 * Every process below `pid` (children, their children...) that runs now, read from /proc: what
 * must not outlive it. Linux only.
 *
 * @example
 * const below = descendants(child.pid)
 */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      // After the parenthesised command name: state, then the parent's pid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // Gone while listing.
    }
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length) {
    for (const c of children.get(queue.shift() as number) ?? []) {
      found.push(c)
      queue.push(c)
    }
  }
  return found
}
