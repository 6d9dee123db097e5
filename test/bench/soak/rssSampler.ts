import fs from 'node:fs'

/** One RSS reading of a process of a role (the indexer's restarts are separate lifetimes). */
export type RssSample = { role: string; pid: number; atMs: number; rssMb: number }

/**
 * Resident set size of a process in MiB (from /proc), or undefined when it is gone.
 *
 * @example
 * rssOf(process.pid) // 212.4
 */
export function rssOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

/**
 * RSS growth of a role in MiB per minute: the least-squares slope of RSS over time with one
 * intercept per process lifetime (pid), so a restart's drop to a fresh process is not read as a
 * trend; `skipFirstMs` leaves out each lifetime's warm-up. Undefined with fewer than two samples
 * in every lifetime.
 *
 * @example
 * rssSlopeMbPerMin(samples.filter((s) => s.role === 'indexer'))
 */
export function rssSlopeMbPerMin(samples: readonly RssSample[], skipFirstMs = 0): number | undefined {
  const byPid = new Map<number, RssSample[]>()
  for (const s of samples) byPid.set(s.pid, [...(byPid.get(s.pid) ?? []), s])
  // A process's start (loading code, first caches) is growth by design: optionally left out.
  for (const [pid, lifetime] of byPid)
    byPid.set(
      pid,
      lifetime.filter((s) => s.atMs - lifetime[0].atMs >= skipFirstMs),
    )
  let sxy = 0
  let sxx = 0
  for (const lifetime of byPid.values()) {
    if (lifetime.length < 2) continue
    const mx = lifetime.reduce((a, s) => a + s.atMs, 0) / lifetime.length
    const my = lifetime.reduce((a, s) => a + s.rssMb, 0) / lifetime.length
    for (const s of lifetime) {
      sxy += (s.atMs - mx) * (s.rssMb - my)
      sxx += (s.atMs - mx) ** 2
    }
  }
  return sxx === 0 ? undefined : (sxy / sxx) * 60_000
}
