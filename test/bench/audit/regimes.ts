/**
 * Measures how far the product's numeric regimes disagree on the scores that decide a top-k, on
 * the real-corpus audit fixture (issue 14): float32 graph (the auditor's and CUDA's nominator),
 * int8 screen + exact rescoring (the CPU oracle) against the float64 exact scores. For each query,
 * the k + 1 best contributions by exact score; relative to each score. The README's tolerance table
 * comes from this run; `test/audit/scoreTolerance.test.ts` re-checks it at demo size.
 *
 * Run: `npx tsx test/bench/audit/regimes.ts [--contributions 100000] [--inferences 300] [--train-on 10000]`.
 */
import path from 'node:path'
import { NoPositiveAttributionError } from '../../../src/attribution/errors'
import { openModelScorer } from '../../../src/attribution/modelScorer'
import { selectTopK } from '../../../src/attribution/weightsPpm'
import { SCORE_TIE_TOLERANCE } from '../../../src/audit/scoreTolerance'
import { loadFixture, TOP_K } from './fixture'

async function main() {
  const argv = process.argv.slice(2)
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? Number(argv[i + 1]) : fallback
  }
  const contributions = get('contributions', 100_000)
  const fx = await loadFixture({
    contributions,
    inferences: get('inferences', 300),
    trainOn: get('train-on', Math.min(contributions, 10_000)),
    seed: 1,
    device: 'cpu',
  })
  const refs = path.join(fx.dir, 'regime-refs')
  const graph = await openModelScorer(fx.store, fx.artifactHash, {
    device: 'cpu',
    cpuScreening: false,
    cacheDir: refs,
  })
  const screen = await openModelScorer(fx.store, fx.artifactHash, { device: 'cpu', cacheDir: refs })
  const ids = graph.scorer.contributionIds
  const queries = []
  for (const h of fx.inputHashes) queries.push(graph.query(await fx.store.get(h)))
  const worst = { float32: 0, screen: 0, float32Abs: 0 }
  let compared = 0
  for (let q0 = 0; q0 < queries.length; q0 += 64) {
    const chunk = queries.slice(q0, q0 + 64)
    const float32 = await graph.scorer.contributionScores(chunk)
    const screened = await screen.scorer.attributeBatch(chunk, { topK: TOP_K })
    const nominated = float32.map((s) => selectTopK(s, ids, 4 * TOP_K).map((c) => ids[c]))
    const exact = graph.scorer.exactScores(chunk, nominated)
    chunk.forEach((_, b) => {
      const order = nominated[b]
        .map((id, x) => ({ id, s: exact[b][x], f: float32[b][ids.indexOf(id)] }))
        .filter((e) => e.s > 0)
        .sort((a, c) => c.s - a.s)
        .slice(0, TOP_K + 1)
      const max = order[0]?.s ?? 1
      for (const e of order) {
        worst.float32 = Math.max(worst.float32, Math.abs(e.f - e.s) / e.s)
        worst.float32Abs = Math.max(worst.float32Abs, Math.abs(e.f - e.s) / max)
      }
      const r = screened[b]
      if (!(r instanceof NoPositiveAttributionError))
        for (const w of r.weights) {
          const hit = order.find((e) => e.id === w.contributionId)
          if (hit) worst.screen = Math.max(worst.screen, Math.abs(w.score - hit.s) / hit.s)
        }
      compared++
    })
  }
  console.log(
    `${contributions} contributions (trained on ${fx.params.trainOn}), ${compared} queries, top ${TOP_K}+1 by exact score:`,
  )
  console.log(
    `  float32 graph vs exact: max ${worst.float32.toExponential(2)} of the score (${worst.float32Abs.toExponential(2)} of the query's best score)`,
  )
  console.log(`  int8 screen + exact rescoring vs exact: max ${worst.screen.toExponential(2)}`)
  console.log(
    `  tie tolerance ${SCORE_TIE_TOLERANCE}: ${(SCORE_TIE_TOLERANCE / worst.float32).toFixed(1)}x the float32 graph's largest disagreement`,
  )
  await graph.release()
  await screen.release()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
