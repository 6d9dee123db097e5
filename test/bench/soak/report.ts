import type { ChainDriverStats } from './chainDriver'
import { type RssSample, rssSlopeMbPerMin } from './rssSampler'

/** Start of a process left out of the "after warm-up" slope. */
export const WARM_UP_MS = 30_000

export type SoakResult = {
  minutes: number
  sampleEverySec: number
  seed: number
  machine: string
  command: string
  chain: ChainDriverStats & { finalHeight: number }
  kills: { indexer: number; api: number; analytics: number; apiDownSec: number }
  crashes: { indexer: number; api: number; analytics: number }
  /** The analytics store at the end (after one last round) against a full rebuild. */
  analytics: {
    equal: boolean
    differ: string[]
    tables: number
    rows: number
    lastRound: { mode: string; rows: number; changes: number }
    height: number | null
  }
  load: {
    requests: number
    statusCodes: Record<string, number>
    /** Transport errors (connection refused while the API was killed, resets). */
    errors: number
    timeouts: number
  }
  digestEqual: boolean
  digestDiff: string[]
  audits: { soak: number; fresh: number; mismatched: number; statuses: Record<string, number> }
  rss: RssSample[]
  passed: boolean
}

/**
 * The soak's summary as Markdown: the checks, the chain and load counts, and RSS per role with
 * its slope (MiB per minute, within each process lifetime).
 *
 * @example
 * fs.writeFileSync('test/bench/results/soak.md', soakReport(result))
 */
export function soakReport(r: SoakResult): string {
  const fiveXx = Object.entries(r.load.statusCodes)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, c]) => n + c, 0)
  const roles = [...new Set(r.rss.map((s) => s.role))]
  const mark = (ok: boolean) => (ok ? 'yes' : '**NO**')
  const rssRows = roles.map((role) => {
    const mine = r.rss.filter((s) => s.role === role)
    const fmt = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(2))
    const mb = mine.map((s) => s.rssMb)
    return `| ${role} | ${new Set(mine.map((s) => s.pid)).size} | ${mine.length} | ${Math.min(...mb).toFixed(0)} | ${Math.max(...mb).toFixed(0)} | ${mine[mine.length - 1].rssMb.toFixed(0)} | ${fmt(rssSlopeMbPerMin(mine))} | ${fmt(rssSlopeMbPerMin(mine, WARM_UP_MS))} |`
  })
  return [
    `# Soak run (${r.minutes} min, seed ${r.seed}): ${r.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `Machine: ${r.machine}. Command: \`${r.command}\`.`,
    '',
    '| check | result |',
    '|---|---|',
    `| state digest equals a clean re-index | ${mark(r.digestEqual)}${r.digestDiff.length ? ` (differs: ${r.digestDiff.join(', ')})` : ''} |`,
    `| no GraphQL 5xx (429 counted apart) | ${mark(fiveXx === 0)} (5xx: ${fiveXx}, 429: ${r.load.statusCodes['429'] ?? 0}) |`,
    `| every audit report matches a fresh audit | ${mark(r.audits.mismatched === 0 && r.audits.soak === r.audits.fresh)} (${r.audits.soak} reports, ${r.audits.fresh} fresh, ${r.audits.mismatched} differ; ${Object.entries(
      r.audits.statuses,
    )
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')}) |`,
    `| DuckDB analytics store equals a full rebuild | ${mark(r.analytics.equal)} (${r.analytics.tables} tables, ${r.analytics.rows} rows at block ${r.analytics.height ?? '-'}; the last round after the kills: ${r.analytics.lastRound.mode}, ${r.analytics.lastRound.changes} changes${r.analytics.differ.length ? `; differs: ${r.analytics.differ.join(', ')}` : ''}) |`,
    `| no crash besides the kills | ${mark(r.crashes.indexer + r.crashes.api + r.crashes.analytics === 0)} (indexer ${r.crashes.indexer}, API ${r.crashes.api}, analytics sync ${r.crashes.analytics}) |`,
    '',
    '| activity | count |',
    '|---|---|',
    `| final block | ${r.chain.finalHeight} |`,
    `| economy rounds / inferences requested / settled | ${r.chain.rounds} / ${r.chain.inferences} / ${r.chain.settled} |`,
    `| reorgs (depths) | ${r.chain.reorgs} (${r.chain.reorgDepths.join(', ') || '-'}) |`,
    `| SIGKILLs: indexer / API / analytics sync | ${r.kills.indexer} / ${r.kills.api} / ${r.kills.analytics} |`,
    `| GraphQL requests answered | ${r.load.requests} (${Object.entries(r.load.statusCodes)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')}) |`,
    `| API down after its kills (until /health answers again) | ${r.kills.apiDownSec.toFixed(1)} s |`,
    `| load: connection errors / timeouts (autocannon retries while the API is down) | ${r.load.errors} / ${r.load.timeouts} |`,
    '',
    `RSS per role (MiB), sampled every ${r.sampleEverySec} s; slope = least squares within each process lifetime (a killed and restarted process starts a new one), in MiB/min, over all samples and after each lifetime's first ${WARM_UP_MS / 1000} s:`,
    '',
    '| role | processes | samples | min | max | last | slope | slope after warm-up |',
    '|---|---|---|---|---|---|---|---|',
    ...rssRows,
    '',
  ].join('\n')
}
