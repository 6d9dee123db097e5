import { createPrng } from '../attribution/prng'
import type { LabelledEmail } from '../attribution/spamAssassin'
import { createDemoDatanets } from './createDemoDatanets'
import type { DemoContext } from './demoContext'
import type { DemoContribution, DemoDatanet } from './demoDatanetTypes'
import { reviewAndSeal } from './reviewAndSeal'
import { submitContributions } from './submitContributions'

export type { DemoContribution, DemoDatanet } from './demoDatanetTypes'

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
  const datanets = await createDemoDatanets(ctx)
  const contributions = await submitContributions(ctx, datanets, emails, createPrng(ctx.seed * 7919 + 1))
  await reviewAndSeal(ctx, datanets, contributions)
  ctx.progress.log(
    `${contributions.length} contributions in ${datanets.length} datanets, ${contributions.filter((c) => c.accepted).length} accepted, ${contributions.filter((c) => c.mislabelled).length} mislabelled`,
  )
  return { datanets, contributions }
}
