import { datanetRegistryAbi } from '../abi/viem'
import { contributionLeaf, incrementalMerkleRoot } from '../crypto/merkle'
import { addressOf, call, type DemoContext, send } from './demoContext'
import type { DemoContribution, DemoDatanet } from './demoDatanetTypes'
import { MerkleRootMismatchError } from './errors'

/** Contributions per `reviewBatch` call. */
const REVIEW_CHUNK = 200

/**
 * Each datanet's curator reviews its contributions (accepting those marked `accepted`) and seals
 * version 1; the sealed root is checked against the root rebuilt off chain from the accepted
 * contributions, the same check the auditor makes. Sets each datanet's `version` and `root`.
 *
 * @throws {MerkleRootMismatchError} when a sealed root does not match.
 * @throws {BatchTxFailedError} when a review or seal reverts.
 * @example
 * await reviewAndSeal(ctx, datanets, contributions) // datanets[i].version === 1
 */
export async function reviewAndSeal(
  ctx: DemoContext,
  datanets: DemoDatanet[],
  contributions: readonly DemoContribution[],
): Promise<void> {
  const registry = addressOf(ctx, 'DatanetRegistry')
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
}
