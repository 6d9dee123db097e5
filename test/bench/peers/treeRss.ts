import fs from 'node:fs'

/** Parent pid of every live process, from /proc (processes that vanish mid-read are skipped). */
function parents(): Map<number, number> {
  const out = new Map<number, number>()
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8')
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(Number(name), Number(fields[1]))
    } catch {}
  }
  return out
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0
  }
}

/**
 * Summed resident set size (MiB) of `root` and all its descendants now: an indexer that forks
 * workers or a native binary (Envio's CLI starts Node) is measured whole.
 *
 * @example
 * treeRssMb(child.pid!) // 412.5
 */
export function treeRssMb(root: number): number {
  const ppid = parents()
  const tree = new Set([root])
  // Children appear after their parents in no guaranteed order: repeat until nothing is added.
  for (let grew = true; grew; ) {
    grew = false
    for (const [pid, parent] of ppid)
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid)
        grew = true
      }
  }
  let kb = 0
  for (const pid of tree) kb += rssKb(pid)
  return kb / 1024
}

/**
 * Samples `treeRssMb(root)` every `everyMs` and keeps the peak; `stop()` returns it (MiB).
 *
 * @example
 * const peak = sampleTreeRss(child.pid!); ...; const mb = peak.stop()
 */
export function sampleTreeRss(root: number, everyMs = 200): { stop(): number } {
  let peak = 0
  const sample = () => {
    peak = Math.max(peak, treeRssMb(root))
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return Math.round(peak)
    },
  }
}
