import { events } from '../../abi/InferenceRouter'
import { addressId } from '../../computation/entityIds'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import type { HandlerContext } from '../../computation/handlerContext'
import {
  AnomalyKind,
  Contribution,
  ContributionReward,
  ContributorDatanetTotal,
  Datanet,
  Inference,
  InferenceStatus,
  Model,
  Settlement,
  Validator,
} from '../../model'
import { computeMarketSetHandler } from './computeMarketSet'
import { deferredPayment } from './deferredPayment'
import { inferenceRated } from './inferenceRated'
import { settledMark } from './settledMark'
import { upgraded } from './upgraded'
import { upstreamRoyaltyPaid } from './upstreamRoyaltyPaid'

type RewardArgs = {
  inferenceId: bigint
  contributionId: bigint
  contributor: string
  amount: bigint
  weightPpm: number
}

/**
 * A contribution's reward of a settled inference and the running totals it feeds; `read` is what
 * the contribution said when the reward was emitted.
 */
function reward(
  e: RewardArgs,
  c: HandlerContext,
  read: { datanetId: string | null; contributorOfRecord: string | undefined },
): void {
  const inferenceId = e.inferenceId.toString()
  const contribution = c.forUpdate(Contribution, e.contributionId.toString())
  const contributor = c.account(e.contributor)
  if (read.contributorOfRecord && read.contributorOfRecord !== contributor.id)
    c.anomaly(
      AnomalyKind.INCONSISTENT_STATE,
      `reward for contribution ${contribution.id} paid to ${contributor.id}, contributor of record ${read.contributorOfRecord}`,
    )
  contribution.earned += e.amount
  contribution.rewardCount += 1
  contributor.contributorEarned += e.amount
  c.day().contributorRewards += e.amount
  // A lineage settlement may pay one contribution at two levels (a fine-tune on a base's datanet).
  const rewardId = `${inferenceId}-${contribution.id}`
  const repeated = c.marks.has(`reward:${rewardId}`)
  c.marks.add(`reward:${rewardId}`)
  c.save(
    new ContributionReward({
      id: repeated ? `${rewardId}-${c.pos.logIndex}` : rewardId,
      settlement: new Settlement({ id: inferenceId }),
      inference: new Inference({ id: inferenceId }),
      contribution,
      contributor,
      datanetId: read.datanetId,
      amount: e.amount,
      weightPpm: e.weightPpm,
      position: c.pos.logIndex,
      blockNumber: c.pos.blockNumber,
    }),
  )
  const datanetId = read.datanetId
  if (datanetId == null) return
  const totalId = `${contributor.id}-${datanetId}`
  c.afterMainPass(
    (p) => {
      p.add(ContributorDatanetTotal, totalId)
      p.add(Datanet, datanetId)
    },
    () => {
      const datanet = c.forUpdate(Datanet, datanetId)
      datanet.contributorRewards += e.amount
      const total =
        c.existing(ContributorDatanetTotal, totalId) ??
        new ContributorDatanetTotal({ id: totalId, contributor, datanet, earned: 0n, rewardCount: 0 })
      total.earned += e.amount
      total.rewardCount += 1
      c.save(total)
    },
  )
}

/**
 * InferenceRouter: requests (fee, hashes, gas and L1 fee of the request), fulfilment, settlement
 * with the policies in force, per-contribution rewards and the running totals they feed
 * (contributor, contribution, model revenue, datanet rewards, contributor x datanet).
 *
 * @example
 * handlersByName.InferenceRouter === inferenceRouterHandlers
 */
export const inferenceRouterHandlers: ContractHandlers = {
  name: 'InferenceRouter',
  handlers: [
    on(events.InferenceRequested, {
      prefetch: (e, p) => {
        p.add(Model, e.modelId.toString())
        p.account(e.caller)
      },
      apply: (e, c) => {
        const model = c.forUpdate(Model, e.modelId.toString())
        const caller = c.account(e.caller)
        model.inferenceCount += 1
        caller.inferenceCount += 1
        caller.inferenceFeesPaid += e.fee
        const day = c.day()
        day.inferences += 1
        day.inferenceFees += e.fee
        c.save(
          new Inference({
            id: e.inferenceId.toString(),
            model,
            modelVersion: e.modelVersion,
            caller,
            fee: e.fee,
            inputHash: e.inputHash,
            outputHash: null,
            status: InferenceStatus.REQUESTED,
            requestedAtBlock: c.pos.blockNumber,
            requestedAt: c.date,
            requestTx: c.pos.txHash,
            ...c.txCost(),
          }),
        )
      },
    }),
    on(events.InferenceFulfilled, {
      prefetch: (e, p) => p.add(Inference, e.inferenceId.toString()),
      apply: (e, c) => {
        const inf = c.existing(Inference, e.inferenceId.toString())
        if (!inf)
          return c.anomaly(AnomalyKind.INCONSISTENT_STATE, `fulfilment of unknown inference ${e.inferenceId}`)
        c.save(inf)
        inf.outputHash = e.outputHash
        inf.status = InferenceStatus.FULFILLED
        inf.fulfilledAtBlock = c.pos.blockNumber
        inf.fulfilTx = c.pos.txHash
      },
    }),
    on(events.InferenceSettled, {
      prefetch: (e, p) => {
        p.add(Inference, e.inferenceId.toString())
        p.add(Validator, addressId(e.validator))
        p.account(e.validator)
        p.policies()
      },
      apply: (e, c) => {
        const inf = c.existing(Inference, e.inferenceId.toString())
        if (!inf)
          return c.anomaly(AnomalyKind.INCONSISTENT_STATE, `settlement of unknown inference ${e.inferenceId}`)
        c.save(inf)
        c.marks.add(settledMark(inf.id, c.pos.txHash))
        inf.status = InferenceStatus.SETTLED
        inf.settledAtBlock = c.pos.blockNumber
        const modelId = inf.model.id
        // The model is known only once the inference is loaded: update it in the second round.
        c.afterMainPass(
          (p) => p.add(Model, modelId),
          () => {
            const model = c.forUpdate(Model, modelId)
            model.settledCount += 1
            model.revenue += inf.fee
            model.ownerRevenue += e.modelOwnerAmount
          },
        )
        const validator = c.forUpdate(Validator, addressId(e.validator))
        validator.settlementCount += 1
        const day = c.day()
        day.settlements += 1
        day.protocolRevenue += e.protocolAmount + e.dust
        c.save(
          new Settlement({
            id: inf.id,
            inference: inf,
            model: new Model({ id: modelId }),
            validator,
            protocolAmount: e.protocolAmount,
            modelOwnerAmount: e.modelOwnerAmount,
            stakersAmount: e.stakersAmount,
            contributorsAmount: e.contributorsAmount,
            dust: e.dust,
            feePolicy: c.feePolicy ?? null,
            attributionPolicy: c.attributionPolicy ?? null,
            blockNumber: c.pos.blockNumber,
            timestamp: c.date,
            txHash: c.pos.txHash,
            ...c.txCost(),
          }),
        )
      },
    }),
    on(events.ContributionRewarded, {
      prefetch: (e, p) => {
        p.add(Inference, e.inferenceId.toString())
        p.add(Settlement, e.inferenceId.toString())
        p.add(Contribution, e.contributionId.toString())
        p.account(e.contributor)
      },
      apply: (e, c) => {
        const inferenceId = e.inferenceId.toString()
        // What the reward reads is read now, in chain order, so batch boundaries change nothing.
        const settledBefore = c.existing(Settlement, inferenceId) !== undefined
        const k = c.existing(Contribution, e.contributionId.toString())
        const read = { datanetId: k?.datanet?.id ?? null, contributorOfRecord: k?.contributor?.id }
        const tx = c.pos.txHash
        // Rewards are emitted before InferenceSettled in the same transaction, so a reward is
        // kept if its inference was settled before it or later in its own transaction (the
        // reward row's foreign key): known only after the main pass.
        c.afterMainPass(
          () => {},
          () => {
            if (settledBefore || c.marks.has(settledMark(inferenceId, tx))) return reward(e, c, read)
            c.anomaly(
              AnomalyKind.INCONSISTENT_STATE,
              `reward for contribution ${e.contributionId} of inference ${inferenceId}, which has no settlement`,
            )
          },
        )
      },
    }),
    on(events.InferenceCancelled, {
      prefetch: (e, p) => p.add(Inference, e.inferenceId.toString()),
      apply: (e, c) => {
        const inf = c.existing(Inference, e.inferenceId.toString())
        if (!inf)
          return c.anomaly(AnomalyKind.INCONSISTENT_STATE, `cancel of unknown inference ${e.inferenceId}`)
        c.save(inf)
        inf.status = InferenceStatus.CANCELLED
        inf.cancelledAtBlock = c.pos.blockNumber
        inf.refund = e.refund
      },
    }),
    upstreamRoyaltyPaid,
    deferredPayment(events.PaymentDeferred),
    computeMarketSetHandler,
    inferenceRated,
    upgraded(events.Upgraded),
  ],
  ignored: [events.OwedWithdrawn, events.Initialized],
}
