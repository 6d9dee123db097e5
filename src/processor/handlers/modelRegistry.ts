import { events } from '../../abi/ModelRegistry'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import { AnomalyKind, Model, ModelPriceChange, ModelVersion } from '../../model'
import { nftTransfer } from './nftTransfer'
import { upgraded } from './upgraded'

/**
 * ModelRegistry: models (ERC-721), their versions (artifact hash, datanet versions trained on),
 * prices, token transfers (revenue follows the owner).
 *
 * @example
 * handlersByName.ModelRegistry === modelRegistryHandlers
 */
export const modelRegistryHandlers: ContractHandlers = {
  name: 'ModelRegistry',
  handlers: [
    on(events.ModelRegistered, {
      prefetch: (e, p) => {
        p.add(Model, e.modelId.toString())
        p.account(e.owner)
      },
      apply: (e, c) => {
        const m = c.forUpdate(Model, e.modelId.toString())
        m.owner = c.account(e.owner)
        m.name = e.name
        m.metadataURI = e.metadataURI
        m.registeredAtBlock = c.pos.blockNumber
        m.registeredAt = c.date
      },
    }),
    on(events.ModelPriceSet, {
      prefetch: (e, p) => p.add(Model, e.modelId.toString()),
      apply: (e, c) => {
        const model = c.forUpdate(Model, e.modelId.toString())
        model.pricePerInference = e.pricePerInference
        c.append(
          new ModelPriceChange({
            id: c.eventId(),
            model,
            pricePerInference: e.pricePerInference,
            blockNumber: c.pos.blockNumber,
            timestamp: c.date,
          }),
        )
      },
    }),
    on(events.ModelVersionPublished, {
      prefetch: (e, p) => p.add(Model, e.modelId.toString()),
      apply: (e, c) => {
        const model = c.forUpdate(Model, e.modelId.toString())
        model.currentVersion = Math.max(model.currentVersion ?? 0, e.version)
        const datanetIds = e.datanetIds.map(String)
        c.save(
          new ModelVersion({
            id: `${e.modelId}-${e.version}`,
            model,
            version: e.version,
            artifactHash: e.artifactHash,
            attributionMethod: e.attributionMethod,
            datanetIds,
            datanetVersions: e.datanetVersions,
            datanetVersionIds: datanetIds.map((d, i) => `${d}-${e.datanetVersions[i]}`),
            publishedAtBlock: c.pos.blockNumber,
            publishedAt: c.date,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
    on(events.ModelVersionFineTuned, {
      prefetch: (e, p) => {
        p.add(ModelVersion, `${e.modelId}-${e.version}`)
        p.add(ModelVersion, `${e.baseModelId}-${e.baseVersion}`)
      },
      apply: (e, c) => {
        // ModelVersionPublished precedes it in the same transaction; the base was published before.
        const version = c.existing(ModelVersion, `${e.modelId}-${e.version}`)
        const base = c.existing(ModelVersion, `${e.baseModelId}-${e.baseVersion}`)
        if (!version || !base)
          return c.anomaly(
            AnomalyKind.INCONSISTENT_STATE,
            `fine-tune ${e.modelId}-${e.version} of ${e.baseModelId}-${e.baseVersion}: a version was never published`,
          )
        c.save(version)
        version.base = base
        version.lineageDepth = e.depth
      },
    }),
    nftTransfer('ModelRegistry', events.Transfer),
    upgraded(events.Upgraded),
  ],
  ignored: [events.Approval, events.ApprovalForAll, events.Initialized, events.OwnershipTransferred],
}
