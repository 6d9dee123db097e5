import { parseEventLogs } from 'viem'
import { datanetRegistryAbi } from '../abi/viem'
import type { Prng } from '../attribution/prng'
import type { LabelledEmail } from '../attribution/spamAssassin'
import { DEMO_DATANETS } from './createDemoDatanets'
import { addressOf, call, type DemoContext, send } from './demoContext'
import type { DemoContribution, DemoDatanet } from './demoDatanetTypes'

/** Share of contributions submitted with the wrong label (the data-quality signal must find them). */
const MISLABEL_RATE = 0.03
/** Share of contributions curators reject. */
const REJECT_RATE = 0.05
/** Contributions per JSON-RPC batch: bounds the request size, not the block count. */
const SUBMIT_CHUNK = 1000

/**
 * Submits every email whose corpus group feeds one of `datanets` (in {@link DEMO_DATANETS} order)
 * as a contribution from a contributor drawn from `rng`: content in the artifact store, hash on
 * chain, label as a tag, a few labels flipped. Also draws, from the same `rng`, whether the
 * curator will accept each, so one seed fixes the whole economy.
 *
 * @throws {BatchTxFailedError} when a submission reverts.
 * @example
 * const contributions = await submitContributions(ctx, datanets, trainingEmails, createPrng(seed))
 */
export async function submitContributions(
  ctx: DemoContext,
  datanets: readonly DemoDatanet[],
  emails: readonly LabelledEmail[],
  rng: Prng,
): Promise<DemoContribution[]> {
  const registry = addressOf(ctx, 'DatanetRegistry')
  const { contributors } = ctx.roles
  const bar = ctx.progress.step('contributions', emails.length)
  const pending: Omit<DemoContribution, 'id' | 'accepted'>[] = []
  const seen = new Set<string>()
  for (const email of emails) {
    const d = DEMO_DATANETS.findIndex((x) => (x.groups as readonly string[]).includes(email.group))
    if (d < 0) continue
    const contentHash = await ctx.store.put(new TextEncoder().encode(email.text))
    // The registry rejects duplicate content within a datanet; the corpus has a few exact repeats.
    if (seen.has(`${d}:${contentHash}`)) continue
    seen.add(`${d}:${contentHash}`)
    const mislabelled = rng.next() < MISLABEL_RATE
    pending.push({
      datanetId: datanets[d].id,
      contributor: contributors[rng.int(contributors.length)],
      contentHash,
      label: (mislabelled ? 1 - email.label : email.label) as 0 | 1,
      mislabelled,
      emailId: email.id,
    })
  }
  const contributions: DemoContribution[] = []
  for (let i = 0; i < pending.length; i += SUBMIT_CHUNK) {
    const chunk = pending.slice(i, i + SUBMIT_CHUNK)
    const receipts = await send(
      ctx,
      chunk.map((c) =>
        call(c.contributor, registry, datanetRegistryAbi, 'contribute', [
          c.datanetId,
          c.contentHash,
          BigInt(c.contentHash.length),
          `openledger://artifact/${c.contentHash}`,
          [`label:${c.label === 1 ? 'spam' : 'ham'}`, 'lang:en'],
        ]),
      ),
    )
    receipts.forEach((r, j) => {
      const [ev] = parseEventLogs({
        abi: datanetRegistryAbi,
        logs: r.logs as never,
        eventName: 'ContributionSubmitted',
      })
      contributions.push({ ...chunk[j], id: ev.args.contributionId, accepted: rng.next() >= REJECT_RATE })
    })
    bar.tick(chunk.length)
  }
  bar.done()
  return contributions
}
