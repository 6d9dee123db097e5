import fs from 'node:fs'
import path from 'node:path'
import type { StateDigest } from './digest'
import { COMPARABLE_TABLES } from './peerIndexer'

/** Everything `npm run bench:peers` measured, as written to peers.json. */
export type PeersReport = {
  date: string
  machine: {
    cpus: number
    cpuModel: string
    memoryGb: number
    node: string
    loadAtStart: number[]
    loadAtEnd?: number[]
  }
  scale: number
  versions: Record<string, string>
  economy: { contributions: number; settlements: number; seconds: number }
  shapes: {
    name: string
    blocks: number
    txsPerBlock: number
    head: number
    /**
     * Seconds the node took to hand one client every log of the stack's contracts (eth_getLogs over
     * 2,000-block ranges, parsed): a floor under any indexer fed by this node.
     */
    nodeSeconds?: number
  }[]
  runs: {
    shape: string
    indexer: string
    events: number
    blocks: number
    seconds: number
    eventsPerSecond: number
    blocksPerSecond: number
    peakRssMb: number
    loadBefore: number
    command: string
    detail?: string
    digest: StateDigest
    /** Tables whose digest differs from this project's (undefined: no reference run). */
    differingFromOurs?: string[]
  }[]
  failures: { shape: string; indexer: string; command: string; reason: string; output: string }[]
  notes: string[]
}

/** Target: this project's events/s over the faster peer's, on every shape. */
export const TARGET_RATIO = 5

/**
 * Writes peers.json and peers.md into `outDir` and returns the markdown.
 *
 * @example
 * console.log(writePeersReport(report, 'test/bench/results'))
 */
export function writePeersReport(report: PeersReport, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true })
  fs.writeFileSync(path.join(outDir, 'peers.json'), `${JSON.stringify(report, null, 2)}\n`)
  const m = report.machine
  const lines = [
    '# Ingestion: this project vs Ponder and Envio',
    '',
    `${report.date} — ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}; load average (1/5/15 min) ${m.loadAtStart.join(' / ')} at start, ${m.loadAtEnd?.join(' / ') ?? '?'} at end (the machine is shared). Run with \`npm run bench:peers -- --scale ${report.scale}\`.`,
    '',
    `One anvil devnet (\`--optimism\`, loopback): the whole stack deployed and the demo economy run (${report.economy.contributions} contributions, ${report.economy.settlements} settled inferences with per-contribution rewards, ${report.economy.seconds.toFixed(0)} s), then each transfer shape laid on that same economy (anvil snapshot/revert). Each indexer indexes genesis to head into its own fresh database on one embedded PostgreSQL 17, one after another. Seconds are end to end: process start (code generation, migrations included) to the head indexed. Events are the logs of the contracts the indexer subscribes to (this project: every stack contract; the peers: WOPEN, GOPEN, DatanetRegistry, InferenceRouter), counted from the node. Peak RSS is the indexer's whole process tree (PostgreSQL apart).`,
    '',
    'Versions: ' +
      Object.entries(report.versions)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ') +
      '.',
    '',
  ]
  for (const shape of report.shapes) {
    lines.push(
      `## ${shape.name}: ${shape.blocks} blocks × ${shape.txsPerBlock} transfers on the economy (head ${shape.head})`,
      '',
      '| indexer | events | blocks | seconds | events/s | blocks/s | peak RSS MB | load before | state vs ours |',
      '|---|---|---|---|---|---|---|---|---|',
    )
    for (const r of report.runs.filter((r) => r.shape === shape.name)) {
      const state =
        r.differingFromOurs === undefined
          ? '(reference)'
          : r.differingFromOurs.length
            ? `differs: ${r.differingFromOurs.join(', ')}`
            : 'equal'
      lines.push(
        `| ${r.indexer} | ${r.events} | ${r.blocks} | ${r.seconds.toFixed(2)} | ${r.eventsPerSecond.toFixed(0)} | ${r.blocksPerSecond.toFixed(0)} | ${r.peakRssMb} | ${r.loadBefore} | ${state} |`,
      )
    }
    for (const f of report.failures.filter((f) => f.shape === shape.name))
      lines.push(`| ${f.indexer} | — | — | — | — | — | — | — | did not run: ${f.reason} |`)
    lines.push('')
  }
  lines.push('## Target: this project ≥ 5 × the faster peer (events/s)', '')
  lines.push(
    '| shape | this project events/s | faster peer | its events/s | ratio | met | 5 × needs, end to end | the node alone serves the logs in |',
    '|---|---|---|---|---|---|---|---|',
  )
  for (const shape of report.shapes) {
    const runs = report.runs.filter((r) => r.shape === shape.name)
    const ours = runs.find((r) => r.indexer === 'openledger')
    const peer = runs
      .filter((r) => r.indexer !== 'openledger')
      .sort((a, b) => b.eventsPerSecond - a.eventsPerSecond)[0]
    if (!ours || !peer) {
      lines.push(
        `| ${shape.name} | ${ours?.eventsPerSecond.toFixed(0) ?? '—'} | no peer ran | — | — | — | — | — |`,
      )
      continue
    }
    const ratio = ours.eventsPerSecond / peer.eventsPerSecond
    lines.push(
      `| ${shape.name} | ${ours.eventsPerSecond.toFixed(0)} | ${peer.indexer} | ${peer.eventsPerSecond.toFixed(0)} | ${ratio.toFixed(2)} × | ${ratio >= TARGET_RATIO ? 'yes' : 'no'} | ${(ours.events / (TARGET_RATIO * peer.eventsPerSecond)).toFixed(2)} s | ${shape.nodeSeconds === undefined ? '—' : `${shape.nodeSeconds.toFixed(2)} s`} |`,
    )
  }
  lines.push('', '## State digests (rows / total / md5 of the sorted canonical lines)', '')
  lines.push(
    `| shape | indexer | ${COMPARABLE_TABLES.join(' | ')} |`,
    `|---|---|${COMPARABLE_TABLES.map(() => '---').join('|')}|`,
  )
  for (const r of report.runs)
    lines.push(
      `| ${r.shape} | ${r.indexer} | ${COMPARABLE_TABLES.map((t) => `${r.digest[t].rows} / ${r.digest[t].total} / \`${r.digest[t].md5.slice(0, 12)}\``).join(' | ')} |`,
    )
  if (report.failures.length) {
    lines.push('', '## Peers that did not run', '')
    for (const f of report.failures)
      lines.push(
        `### ${f.indexer} (${f.shape}): ${f.reason}`,
        '',
        '```',
        `$ ${f.command}`,
        f.output.trim(),
        '```',
        '',
      )
  }
  if (report.notes.length) lines.push('', '## Notes', '', ...report.notes.map((n) => `- ${n}`))
  lines.push(
    '',
    'Commands per run:',
    '',
    ...report.runs.map(
      (r) => `- ${r.shape} / ${r.indexer}: \`${r.command}\`${r.detail ? ` — ${r.detail}` : ''}`,
    ),
    '',
  )
  const md = lines.join('\n')
  fs.writeFileSync(path.join(outDir, 'peers.md'), md)
  return md
}
