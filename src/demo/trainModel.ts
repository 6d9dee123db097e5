import { type Hex, parseEther, parseEventLogs } from 'viem'
import { modelRegistryAbi } from '../abi/viem'
import { DEFAULT_BUCKETS, hashedBagOfWords } from '../attribution/features'
import { publishModelPackage, TRACIN_METHOD } from '../attribution/modelPackage'
import type { LabelledEmail } from '../attribution/spamAssassin'
import { accuracy, trainClassifier } from '../attribution/trainClassifier'
import { addressOf, call, type DemoContext, send } from './demoContext'
import type { DemoContribution, DemoDatanet } from './seedDatanets'

export type DemoModel = {
  id: bigint
  artifactHash: Hex
  price: bigint
  /** Accuracy on the held-out emails the inferences will use. */
  heldOutAccuracy: number
  trainingSize: number
}

/** Price of one inference of the demo model, native OPEN wei. */
export const DEMO_PRICE = parseEther('0.5')

/**
 * The model owner's job: train the spam classifier on the accepted contributions of the sealed
 * datanet versions (labels as tagged, mislabels included), publish the model package to the
 * artifact store and register the model on chain, bound to those versions.
 *
 * @example
 * const model = await trainModel(ctx, datanets, contributions, heldOut)
 */
export async function trainModel(
  ctx: DemoContext,
  datanets: readonly DemoDatanet[],
  contributions: readonly DemoContribution[],
  heldOut: readonly LabelledEmail[],
): Promise<DemoModel> {
  const step = ctx.progress.step('training', 3)
  const { training, checkpoints, artifactHash } = await trainAndPublish(ctx, contributions, ctx.seed, () =>
    step.tick(),
  )
  step.tick()
  const heldOutAccuracy = accuracy(
    checkpoints[checkpoints.length - 1],
    heldOut.map((e) => hashedBagOfWords(e.text, { buckets: DEFAULT_BUCKETS })),
    heldOut.map((e) => e.label),
  )
  const [receipt] = await send(ctx, [
    call(ctx.roles.modelOwner, addressOf(ctx, 'ModelRegistry'), modelRegistryAbi, 'registerModel', [
      'SpamGuard',
      `openledger://artifact/${artifactHash}`,
      DEMO_PRICE,
      artifactHash,
      TRACIN_METHOD,
      datanets.map((d) => d.id),
      datanets.map((d) => d.version),
    ]),
  ])
  const [ev] = parseEventLogs({
    abi: modelRegistryAbi,
    logs: receipt.logs as never,
    eventName: 'ModelRegistered',
  })
  step.tick()
  step.done()
  ctx.progress.log(
    `model ${ev.args.modelId} trained on ${training.length} contributions, held-out accuracy ${(heldOutAccuracy * 100).toFixed(1)}%`,
  )
  return {
    id: ev.args.modelId,
    artifactHash,
    price: DEMO_PRICE,
    heldOutAccuracy,
    trainingSize: training.length,
  }
}

/**
 * Trains the spam classifier on the accepted `contributions` (their texts read from the artifact
 * store) with `seed` and publishes the model package; what registering a model or publishing a new
 * version of it binds on chain.
 *
 * @example
 * const { artifactHash } = await trainAndPublish(ctx, contributions, ctx.seed + 1)
 */
export async function trainAndPublish(
  ctx: DemoContext,
  contributions: readonly DemoContribution[],
  seed: number,
  onFeaturised: () => void = () => {},
): Promise<{
  training: DemoContribution[]
  checkpoints: ReturnType<typeof trainClassifier>
  artifactHash: Hex
}> {
  const training = contributions.filter((c) => c.accepted)
  const decoder = new TextDecoder()
  const xs = []
  for (const c of training)
    xs.push(
      hashedBagOfWords(decoder.decode(await ctx.store.get(c.contentHash)), { buckets: DEFAULT_BUCKETS }),
    )
  onFeaturised()
  const checkpoints = trainClassifier(
    xs,
    training.map((c) => c.label),
    { inputDim: DEFAULT_BUCKETS, seed },
  )
  const artifactHash = await publishModelPackage(ctx.store, {
    checkpoints,
    buckets: DEFAULT_BUCKETS,
    labels: ['ham', 'spam'],
    training: training.map((c) => ({
      contributionId: c.id.toString(),
      contentHash: c.contentHash,
      label: c.label,
    })),
  })
  return { training, checkpoints, artifactHash }
}
