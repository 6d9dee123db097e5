import { events } from '../../abi/InferenceRouter'
import { on } from '../../computation/eventHandler'
import { AnomalyKind, Inference, Model, ModelVersion, Settlement, UpstreamRoyalty } from '../../model'
import { settledMark } from './settledMark'

/**
 * InferenceRouter's UpstreamRoyaltyPaid: one row per level of a lineage settlement, and the model
 * totals it feeds (a base's `upstreamReceived` from levels >= 1, the fine-tune's `upstreamPaid`
 * from level 0). Emitted before InferenceSettled in the same transaction, so, like a reward, it is
 * kept once the settlement is known (after the main pass).
 *
 * @example
 * inferenceRouterHandlers.handlers.includes(upstreamRoyaltyPaid)
 */
export const upstreamRoyaltyPaid = on(events.UpstreamRoyaltyPaid, {
  prefetch: (e, p) => {
    p.add(Inference, e.inferenceId.toString())
    p.add(Settlement, e.inferenceId.toString())
    p.add(ModelVersion, `${e.modelId}-${e.modelVersion}`)
  },
  apply: (e, c) => {
    const inferenceId = e.inferenceId.toString()
    const settledBefore = c.existing(Settlement, inferenceId) !== undefined
    const inf = c.existing(Inference, inferenceId)
    const version = c.existing(ModelVersion, `${e.modelId}-${e.modelVersion}`) ?? null
    const modelId = e.modelId.toString()
    const tx = c.pos.txHash
    const pos = c.pos
    c.afterMainPass(
      (p) => {
        p.add(Model, modelId)
        if (inf) p.add(Model, inf.model.id)
      },
      () => {
        if (!inf || !(settledBefore || c.marks.has(settledMark(inferenceId, tx))))
          return c.anomaly(
            AnomalyKind.INCONSISTENT_STATE,
            `upstream royalty level ${e.level} of inference ${inferenceId}, which has no settlement`,
          )
        const model = c.forUpdate(Model, modelId)
        const fineTunedModel = c.forUpdate(Model, inf.model.id)
        if (e.level === 0) fineTunedModel.upstreamPaid += e.amount - e.kept
        else model.upstreamReceived += e.kept
        c.save(
          new UpstreamRoyalty({
            id: `${inferenceId}-${e.level}`,
            settlement: new Settlement({ id: inferenceId }),
            inference: new Inference({ id: inferenceId }),
            level: e.level,
            model,
            modelVersion: version,
            version: e.modelVersion,
            fineTunedModel,
            amount: e.amount,
            kept: e.kept,
            paid: e.paid,
            blockNumber: pos.blockNumber,
            logIndex: pos.logIndex,
            txHash: tx,
          }),
        )
      },
    )
  },
})
