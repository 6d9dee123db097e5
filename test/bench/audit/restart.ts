/**
 * Restart benchmark alone (issue #14: resume auditing within 10 s at 100k contributions), for
 * quick iteration: over the cached audit fixture and a kept auditor cache directory, times
 * `--rounds` restarts, each a new scorer cache and no verified bindings in memory, up to the end of
 * the first `--batch` audits. The first open over an empty directory fills it (from the fixture
 * oracle's feature refs when present, else by computing the features) and is reported apart.
 *
 * Run: `npx tsx test/bench/audit/restart.ts [--contributions 100000] [--inferences 10000]
 *   [--train-on 10000] [--batch 512] [--rounds 3] [--cache-dir DIR]`. Prints JSON lines; writes nothing.
 */
import os from 'node:os'
import path from 'node:path'
import { auditSettlements } from '../../../src/audit/auditSettlements'
import type { AuditReport } from '../../../src/audit/auditTypes'
import { createAuditScorers } from '../../../src/audit/createAuditScorers'
import { loadFixture } from './fixture'
import { buildSettlements } from './settlements'
import { timedCache } from './timedCache'

function flag(name: string, fallback: string): string {
  const argv = process.argv.slice(2)
  const i = argv.indexOf(`--${name}`)
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback
}

async function main(): Promise<void> {
  const contributions = Number(flag('contributions', '100000'))
  const params = {
    contributions,
    inferences: Number(flag('inferences', '10000')),
    trainOn: Number(flag('train-on', '10000')),
    seed: 1,
    device: 'cpu' as const,
  }
  const fx = await loadFixture(params)
  const { records, dishonest } = buildSettlements(fx, 100)
  const first = records.slice(0, Number(flag('batch', '512')))
  // The fixture's oracle refs hold its training features: the first open moves them over.
  const cacheDir = flag('cache-dir', path.join(fx.dir, 'oracle-refs'))
  const restart = async (label: string) => {
    const load = os.loadavg()[0]
    const scorers = timedCache(createAuditScorers(fx.store, { device: 'cpu', cacheDir }))
    const t = performance.now()
    const reports: AuditReport[] = await auditSettlements(first, {
      store: fx.store,
      scorers,
      contributionsOf: fx.contributionsOf,
      bindings: new Map(),
    })
    const ms = performance.now() - t
    await scorers.close()
    const wrong = reports.filter(
      (r) => r.status !== (dishonest.has(BigInt(r.inferenceId)) ? 'MISMATCH' : 'VERIFIED'),
    ).length
    console.log(
      JSON.stringify({
        label,
        records: first.length,
        ms,
        openMs: scorers.openMs,
        open: scorers.open,
        wrong,
        load,
      }),
    )
    if (wrong > 0) throw new Error(`${wrong} audits have the wrong status`)
  }
  console.log(`cache dir ${cacheDir}; ${os.cpus().length} cores`)
  await restart('prime (fills the cache if empty)')
  for (let r = 0; r < Number(flag('rounds', '3')); r++) await restart(`restart ${r + 1}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
