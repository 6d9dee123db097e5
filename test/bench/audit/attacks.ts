/**
 * Attack census (issue 14): every cheat of the adversarial oracle applied to each settlement of a
 * real-corpus fixture, audited by the current auditor. Prints, per strategy, how many settlements
 * the cheat applied to and how many of those came out VERIFIED (the auditor fooled), and checks
 * every honest settlement stays VERIFIED. Contract-rejected cheats (pay-twice, outside-version)
 * are audited as if the chain had accepted them.
 *
 * Run: `npx tsx test/bench/audit/attacks.ts [--contributions 5000] [--inferences 300]`.
 */
import path from 'node:path'
import { openModelScorer } from '../../../src/attribution/modelScorer'
import { auditSettlements } from '../../../src/audit/auditSettlements'
import type { SettlementRecord } from '../../../src/audit/auditTypes'
import { createAuditScorers } from '../../../src/audit/createAuditScorers'
import { cheat, DISHONEST_STRATEGIES } from '../../../src/demo/dishonestStrategies'
import { loadFixture, TOP_K } from './fixture'
import { settlementRecord } from './settlements'

async function main() {
  const argv = process.argv.slice(2)
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? Number(argv[i + 1]) : fallback
  }
  const contributions = get('contributions', 5000)
  const fx = await loadFixture({
    contributions,
    inferences: get('inferences', 300),
    trainOn: contributions,
    seed: 1,
    device: 'cpu',
  })
  const scorers = createAuditScorers(fx.store, { device: 'cpu', cacheDir: path.join(fx.dir, 'census-refs') })
  const model = await scorers.get(fx.artifactHash)
  const ids = model.scorer.contributionIds
  // The honest weights of this engine (the fixture's were cached by whatever engine built it).
  const oracle = await openModelScorer(fx.store, fx.artifactHash, {
    device: 'cpu',
    cacheDir: path.join(fx.dir, 'census-refs'),
  })
  const inputs = await Promise.all(fx.inputHashes.map((h) => fx.store.get(h)))
  const honestWeights = await oracle.scorer.attributeBatch(
    inputs.map((x) => oracle.query(x)),
    { topK: TOP_K },
  )
  await oracle.release()
  const records: SettlementRecord[] = []
  const attack: (string | undefined)[] = []
  for (let j = 0; j < fx.weights.length; j++) {
    const r = honestWeights[j]
    if (r instanceof Error) continue
    const honest = r.weights.map((w) => ({
      contributionId: BigInt(w.contributionId),
      weightPpm: w.weightPpm,
    }))
    records.push(settlementRecord(fx, j, honest))
    attack.push(undefined)
    const [scores] = await model.scorer.contributionScores([
      model.query(await fx.store.get(fx.inputHashes[j])),
    ])
    const order = Array.from(scores.keys())
      .filter((c) => scores[c] > 0)
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, TOP_K + 2)
    const ranking = order.map((c) => ({ contributionId: BigInt(ids[c]), score: scores[c] }))
    for (const strategy of DISHONEST_STRATEGIES) {
      const weights = cheat(strategy, {
        inferenceId: BigInt(j + 1),
        weights: honest,
        ranking,
        topK: TOP_K,
        accomplice: ranking[TOP_K]?.contributionId ?? 1n,
        // Not in the fixture's sealed versions; the contract would refuse it.
        outsider: BigInt(contributions + 1),
      })
      if (!weights) continue
      const rec = settlementRecord(
        fx,
        j,
        weights.filter((w) => w.contributionId <= BigInt(contributions)),
      )
      if (strategy === 'outside-version' || strategy === 'pay-twice')
        rec.rewards = weights.map((w, i) => ({
          contributionId: w.contributionId,
          contributor: rec.rewards[i]?.contributor ?? rec.rewards[0].contributor,
          amount: rec.rewards[i]?.amount ?? 0n,
          weightPpm: w.weightPpm,
        }))
      records.push(rec)
      attack.push(strategy)
    }
  }
  const reports = await auditSettlements(records, {
    store: fx.store,
    scorers,
    contributionsOf: fx.contributionsOf,
  })
  await scorers.close()
  const table = new Map<string, { applied: number; verified: number; example?: string }>()
  reports.forEach((r, i) => {
    const name = attack[i] ?? 'honest'
    const row = table.get(name) ?? { applied: 0, verified: 0 }
    row.applied++
    if (r.status === 'VERIFIED') row.verified++
    else if (name === 'honest') row.example ??= `${r.inferenceId}: ${r.reason}`
    else row.example ??= `${r.status}: ${r.reason}`
    table.set(name, row)
  })
  console.log(`${contributions} contributions, ${fx.weights.length} settlements, top-${TOP_K}`)
  for (const [name, row] of table)
    console.log(
      `${name.padEnd(18)} applied ${String(row.applied).padStart(4)}  VERIFIED ${String(row.verified).padStart(4)}  ${row.example ?? ''}`,
    )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
