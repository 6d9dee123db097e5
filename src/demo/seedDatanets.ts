import { type Address, type Hex, parseEventLogs } from 'viem'
import { datanetRegistryAbi } from '../abi/viem'
import { createPrng } from '../attribution/prng'
import type { LabelledEmail } from '../attribution/spamAssassin'
import { contributionLeaf, incrementalMerkleRoot } from '../crypto/merkle'
import { addressOf, call, type DemoContext, send } from './demoContext'
import { MerkleRootMismatchError } from './errors'

/** A contribution as the demo knows it (the chain knows the same, minus the text). */
export type DemoContribution = {
  id: bigint
  datanetId: bigint
  contributor: Address
  contentHash: Hex
  /** The label the contributor tagged it with (0 ham, 1 spam); wrong when `mislabelled`. */
  label: 0 | 1
  mislabelled: boolean
  accepted: boolean
  emailId: string
}

export type DemoDatanet = { id: bigint; name: string; owner: Address; version: number; root: Hex }

/** The demo's datanets and which corpus groups feed each. */
const DATANETS = [
  { name: 'Everyday mail', groups: ['easy-ham-1', 'easy-ham-2'], curator: 0 },
  { name: 'Hard ham', groups: ['hard-ham-1'], curator: 1 },
  { name: 'Spam traps', groups: ['spam-1', 'spam-2'], curator: 0 },
] as const

/** Share of contributions submitted with the wrong label (the data-quality signal must find them). */
const MISLABEL_RATE = 0.03
/** Share of contributions curators reject. */
const REJECT_RATE = 0.05
const REVIEW_CHUNK = 200

/**
 * Creates the demo datanets, submits every training email as a contribution from a seeded-random
 * contributor (content in the artifact store, hash on chain, label as a tag, a few mislabelled),
 * has curators reject some, seals version 1 of each and checks each sealed root against the root
 * rebuilt off chain.
 *
 * @throws {MerkleRootMismatchError} when a sealed root does not match.
 * @example
 * const { datanets, contributions } = await seedDatanets(ctx, trainingEmails)
 */
export async function seedDatanets(
  ctx: DemoContext,
  emails: readonly LabelledEmail[],
): Promise<{ datanets: DemoDatanet[]; contributions: DemoContribution[] }> {
  const registry = addressOf(ctx, 'DatanetRegistry')
  const rng = createPrng(ctx.seed * 7919 + 1)
  const { curators, contributors } = ctx.roles

  const created = await send(
    ctx,
    DATANETS.map((d) =>
      call(curators[d.curator], registry, datanetRegistryAbi, 'createDatanet', [
        d.name,
        `openledger://datanet/${d.name}`,
      ]),
    ),
  )
  const datanets: DemoDatanet[] = created.map((r, i) => {
    const [ev] = parseEventLogs({
      abi: datanetRegistryAbi,
      logs: r.logs as never,
      eventName: 'DatanetCreated',
    })
    return {
      id: ev.args.datanetId,
      name: DATANETS[i].name,
      owner: curators[DATANETS[i].curator],
      version: 0,
      root: '0x',
    }
  })

  const bar = ctx.progress.step('contributions', emails.length)
  const pending: Omit<DemoContribution, 'id' | 'accepted'>[] = []
  const seen = new Set<string>()
  for (const email of emails) {
    const d = DATANETS.findIndex((x) => (x.groups as readonly string[]).includes(email.group))
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
  for (let i = 0; i < pending.length; i += 1000) {
    const chunk = pending.slice(i, i + 1000)
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

  const reviews = ctx.progress.step('reviews and seals', datanets.length)
  for (const d of datanets) {
    const mine = contributions.filter((c) => c.datanetId === d.id)
    const txs = []
    for (let i = 0; i < mine.length; i += REVIEW_CHUNK) {
      const chunk = mine.slice(i, i + REVIEW_CHUNK)
      txs.push(
        call(d.owner, registry, datanetRegistryAbi, 'reviewBatch', [
          chunk.map((c) => c.id),
          chunk.map((c) => c.accepted),
        ]),
      )
    }
    // Reviews append to the Merkle tree in order, so they go in one ordered batch before the seal.
    await send(ctx, txs)
    await send(ctx, [call(d.owner, registry, datanetRegistryAbi, 'sealVersion', [d.id])])
    const [root] = await ctx.publicClient.readContract({
      address: registry,
      abi: datanetRegistryAbi,
      functionName: 'versionOf',
      args: [d.id, 1],
    })
    const rebuilt = incrementalMerkleRoot(
      mine.filter((c) => c.accepted).map((c) => contributionLeaf(c.id, c.contributor, c.contentHash)),
    )
    if (root !== rebuilt) throw new MerkleRootMismatchError(d.id, root, rebuilt)
    d.version = 1
    d.root = root
    reviews.tick()
  }
  reviews.done()
  ctx.progress.log(
    `${contributions.length} contributions in ${datanets.length} datanets, ${contributions.filter((c) => c.accepted).length} accepted, ${contributions.filter((c) => c.mislabelled).length} mislabelled`,
  )
  return { datanets, contributions }
}
