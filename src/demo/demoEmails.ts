import { type LabelledEmail, loadSpamAssassin } from '../attribution/spamAssassin'
import { seededSample, splitTrainTest } from '../attribution/split'

/**
 * The SpamAssassin emails the demo trains on (contributed to datanets) and the held-out ones
 * members pay inferences on, split 90/10 by `seed` so a rerun builds the same economy.
 *
 * @example
 * const { train, heldOut } = demoEmails(ctx.seed, { maxEmails: 600 })
 */
export function demoEmails(
  seed: number,
  opts: { maxEmails?: number } = {},
): { train: LabelledEmail[]; heldOut: LabelledEmail[] } {
  let emails: LabelledEmail[] = loadSpamAssassin()
  if (opts.maxEmails) emails = seededSample(emails.length, opts.maxEmails, seed).map((i) => emails[i])
  const split = splitTrainTest(emails.length, { testFraction: 0.1, seed })
  return { train: split.train.map((i) => emails[i]), heldOut: split.test.map((i) => emails[i]) }
}
