import { parseEventLogs } from 'viem'
import { datanetRegistryAbi, modelRegistryAbi } from '../abi/viem'
import { DEFAULT_BUCKETS, hashedBagOfWords } from '../attribution/features'
import { loadModelPackage, publishModelPackage, TRACIN_METHOD } from '../attribution/modelPackage'
import { createPrng } from '../attribution/prng'
import type { LabelledEmail } from '../attribution/spamAssassin'
import { seededSample } from '../attribution/split'
import { accuracy, trainClassifier } from '../attribution/trainClassifier'
import { addressOf, call, type DemoContext, send } from './demoContext'
import type { DemoContribution, DemoDatanet } from './demoDatanetTypes'
import { reviewAndSeal } from './reviewAndSeal'
import { DEMO_PRICE, type DemoModel } from './trainModel'

/** The corpus groups the fine-tune specialises on: the hard ham and the later spam. */
export const FINE_TUNE_GROUPS = ['hard-ham-1', 'spam-2'] as const
/** Emails contributed to the fine-tune datanet (fewer if the groups hold fewer). */
const FINE_TUNE_EMAILS = 80

/** A fine-tuned model: its own datanet and contributions (level 0), and the base it pays upstream. */
export type DemoFineTune = {
  model: DemoModel
  base: DemoModel
  datanet: DemoDatanet
  contributions: DemoContribution[]
}

/**
 * The model owner's fine-tune: a new datanet ("Hard cases") of emails from {@link FINE_TUNE_GROUPS}
 * contributed again by seeded-random contributors, sealed; the classifier fine-tuned from the
 * base's last checkpoint on it (a lower learning rate, its own checkpoints for TracIn-CP, its
 * package's training set only the new datanet); and registered as a new model whose version 1
 * declares the base. Its settlements pay the base's contributors the upstream share.
 *
 * @throws {MerkleRootMismatchError} when the sealed root does not match the rebuilt one.
 * @throws {BatchTxFailedError} when a transaction reverts.
 * @example
 * const fineTune = await fineTuneModel(ctx, model, trainingEmails, heldOut)
 */
export async function fineTuneModel(
  ctx: DemoContext,
  base: DemoModel,
  emails: readonly LabelledEmail[],
  heldOut: readonly LabelledEmail[],
): Promise<DemoFineTune> {
  const registry = addressOf(ctx, 'DatanetRegistry')
  const { curators, contributors, modelOwner } = ctx.roles
  const [created] = await send(ctx, [
    call(curators[1], registry, datanetRegistryAbi, 'createDatanet', [
      'Hard cases',
      'openledger://datanet/Hard cases',
    ]),
  ])
  const [ev] = parseEventLogs({
    abi: datanetRegistryAbi,
    logs: created.logs as never,
    eventName: 'DatanetCreated',
  })
  const datanet: DemoDatanet = {
    id: ev.args.datanetId,
    name: 'Hard cases',
    owner: curators[1],
    version: 0,
    root: '0x',
  }

  const pool = emails.filter((e) => (FINE_TUNE_GROUPS as readonly string[]).includes(e.group))
  const rng = createPrng(ctx.seed * 6007 + 11)
  const picked = seededSample(pool.length, Math.min(FINE_TUNE_EMAILS, pool.length), ctx.seed + 18).map(
    (i) => pool[i],
  )
  const pending: Omit<DemoContribution, 'id'>[] = []
  const texts: string[] = []
  const seen = new Set<string>()
  for (const email of picked) {
    const contentHash = await ctx.store.put(new TextEncoder().encode(email.text))
    if (seen.has(contentHash)) continue
    seen.add(contentHash)
    texts.push(email.text)
    pending.push({
      datanetId: datanet.id,
      contributor: contributors[rng.int(contributors.length)],
      contentHash,
      label: email.label as 0 | 1,
      mislabelled: false,
      accepted: true,
      emailId: email.id,
    })
  }
  const receipts = await send(
    ctx,
    pending.map((c) =>
      call(c.contributor, registry, datanetRegistryAbi, 'contribute', [
        c.datanetId,
        c.contentHash,
        BigInt(c.contentHash.length),
        `openledger://artifact/${c.contentHash}`,
        [`label:${c.label === 1 ? 'spam' : 'ham'}`, 'lang:en', 'fine-tune'],
      ]),
    ),
  )
  const contributions = receipts.map((r, i): DemoContribution => {
    const [sub] = parseEventLogs({
      abi: datanetRegistryAbi,
      logs: r.logs as never,
      eventName: 'ContributionSubmitted',
    })
    return { ...pending[i], id: sub.args.contributionId }
  })
  await reviewAndSeal(ctx, [datanet], contributions)

  const { checkpoints: baseCheckpoints } = await loadModelPackage(ctx.store, base.artifactHash)
  const xs = texts.map((t) => hashedBagOfWords(t, { buckets: DEFAULT_BUCKETS }))
  const checkpoints = trainClassifier(
    xs,
    contributions.map((c) => c.label),
    {
      inputDim: DEFAULT_BUCKETS,
      seed: ctx.seed + 18,
      init: baseCheckpoints[baseCheckpoints.length - 1],
      learningRate: 0.02,
    },
  )
  const artifactHash = await publishModelPackage(ctx.store, {
    checkpoints,
    buckets: DEFAULT_BUCKETS,
    labels: ['ham', 'spam'],
    training: contributions.map((c) => ({
      contributionId: c.id.toString(),
      contentHash: c.contentHash,
      label: c.label,
    })),
  })
  const [registered] = await send(ctx, [
    call(modelOwner, addressOf(ctx, 'ModelRegistry'), modelRegistryAbi, 'registerFineTunedModel', [
      'SpamGuard Hard Cases',
      `openledger://artifact/${artifactHash}`,
      DEMO_PRICE,
      {
        baseModelId: base.id,
        baseVersion: 1,
        artifactHash,
        attributionMethod: TRACIN_METHOD,
        datanetIds: [datanet.id],
        datanetVersions: [datanet.version],
      },
    ]),
  ])
  const [reg] = parseEventLogs({
    abi: modelRegistryAbi,
    logs: registered.logs as never,
    eventName: 'ModelRegistered',
  })
  ctx.progress.log(
    `model ${reg.args.modelId} fine-tuned from model ${base.id} on ${contributions.length} contributions of datanet ${datanet.id}`,
  )
  return {
    model: {
      ...base,
      id: reg.args.modelId,
      artifactHash,
      trainingSize: contributions.length,
      heldOutAccuracy: accuracy(
        checkpoints[checkpoints.length - 1],
        heldOut.map((e) => hashedBagOfWords(e.text, { buckets: DEFAULT_BUCKETS })),
        heldOut.map((e) => e.label),
      ),
    },
    base,
    datanet,
    contributions,
  }
}
