/**
 * Deterministic scale corpus for the auditor benchmark: the 6,046 SpamAssassin emails blown up to
 * any number of unique contributions (and inference inputs) by a seeded perturbation, so the
 * training set is real mail text, every contribution hashes differently and re-runs are identical.
 */
import type { Address } from 'viem'
import { createPrng } from '../../../src/attribution/prng'
import { type LabelledEmail, loadSpamAssassin } from '../../../src/attribution/spamAssassin'
import { splitTrainTest } from '../../../src/attribution/split'

/** Datanets the contributions are spread over (round robin, acceptance order within each). */
export const DATANETS = [1n, 2n, 3n]

/** A small pool of contributor addresses: many contributions per contributor, as in practice. */
export const CONTRIBUTORS: Address[] = Array.from(
  { length: 16 },
  (_, i) => `0x${(0xc0de0000 + i).toString(16).padStart(40, '0')}` as Address,
)

/**
 * Drops a seeded 5% of the words and appends a unique token (`tag` is alphanumeric, so the
 * hashed bag-of-words sees it as one token).
 *
 * @example
 * perturb('a b c', 7, 'zqc1') // 'a b c zqc1' (or with one word dropped)
 */
export function perturb(text: string, seed: number, tag: string): string {
  const rng = createPrng(seed)
  const words = text.split(/\s+/)
  const kept = words.filter(() => rng.next() >= 0.05)
  kept.push(tag)
  return kept.join(' ')
}

export type Corpus = {
  /** Emails the contributions are drawn from (90% of the corpus). */
  train: LabelledEmail[]
  /** Held-out emails the inference inputs are drawn from (10%). */
  heldOut: LabelledEmail[]
}

/** Splits the real corpus 90/10 with a fixed seed. */
export function loadCorpus(seed: number): Corpus {
  const emails = loadSpamAssassin()
  const { train, test } = splitTrainTest(emails.length, { testFraction: 0.1, seed })
  return { train: [...train].map((i) => emails[i]), heldOut: [...test].map((i) => emails[i]) }
}

/** Where contribution `i` (0-based) sits on chain: id, datanet, acceptance index, contributor. */
export function contributionMeta(i: number) {
  return {
    id: BigInt(i + 1),
    datanetId: DATANETS[i % DATANETS.length],
    acceptanceIndex: Math.floor(i / DATANETS.length),
    contributor: CONTRIBUTORS[(i * 7 + (i >> 5)) % CONTRIBUTORS.length],
  }
}

/** Contribution `i`'s text and label. */
export function contributionTextAt(corpus: Corpus, i: number, seed: number): { text: string; label: number } {
  const email = corpus.train[i % corpus.train.length]
  return { text: perturb(email.text, seed * 1_000_003 + i, `zqc${i.toString(36)}`), label: email.label }
}

/** Inference input `j` (0-based): a perturbed held-out email. */
export function inferenceTextAt(corpus: Corpus, j: number, seed: number): string {
  const email = corpus.heldOut[j % corpus.heldOut.length]
  return perturb(email.text, seed * 2_000_003 + j, `zqi${j.toString(36)}`)
}
