import { events } from '../../abi/AgentRegistry'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import { Agent, AgentAction, AnomalyKind, Inference, Model } from '../../model'
import { deferredPayment } from './deferredPayment'
import { nftTransfer } from './nftTransfer'

/** Loads the agent an event names, so `apply` can update it. */
const agentOf = (e: { agentId: bigint }, p: { add(cls: typeof Agent, id: string): void }) =>
  p.add(Agent, e.agentId.toString())

/**
 * AgentRegistry: agents (ERC-721) bound to a model version, their operator, price, pause and
 * metadata; each action with the inference it caused (linked to the router's Inference row, which
 * the same transaction created just before), the per-agent revenue, model cost and margin; refunds
 * of reclaimed actions; payments the registry deferred.
 *
 * @example
 * handlersByName.AgentRegistry === agentRegistryHandlers
 */
export const agentRegistryHandlers: ContractHandlers = {
  name: 'AgentRegistry',
  handlers: [
    on(events.AgentDeployed, {
      prefetch: (e, p) => {
        agentOf(e, p)
        p.add(Model, e.modelId.toString())
        p.account(e.owner)
        p.account(e.operator)
      },
      apply: (e, c) => {
        const agent = c.forUpdate(Agent, e.agentId.toString())
        agent.owner = c.account(e.owner)
        agent.operator = c.account(e.operator)
        agent.model = c.forUpdate(Model, e.modelId.toString())
        agent.boundVersion = e.modelVersion
        agent.pricePerAction = e.pricePerAction
        agent.metadataURI = e.metadataURI
        agent.createdAtBlock = c.pos.blockNumber
        agent.createdAt = c.date
        agent.createdTx = c.pos.txHash
      },
    }),
    on(events.AgentOperatorSet, {
      prefetch: (e, p) => {
        agentOf(e, p)
        p.account(e.operator)
      },
      apply: (e, c) => {
        c.forUpdate(Agent, e.agentId.toString()).operator = c.account(e.operator)
      },
    }),
    on(events.AgentPriceSet, {
      prefetch: agentOf,
      apply: (e, c) => {
        c.forUpdate(Agent, e.agentId.toString()).pricePerAction = e.pricePerAction
      },
    }),
    on(events.AgentRebound, {
      prefetch: agentOf,
      apply: (e, c) => {
        c.forUpdate(Agent, e.agentId.toString()).boundVersion = e.modelVersion
      },
    }),
    on(events.AgentPausedSet, {
      prefetch: agentOf,
      apply: (e, c) => {
        c.forUpdate(Agent, e.agentId.toString()).paused = e.paused
      },
    }),
    on(events.AgentMetadataSet, {
      prefetch: agentOf,
      apply: (e, c) => {
        c.forUpdate(Agent, e.agentId.toString()).metadataURI = e.metadataURI
      },
    }),
    on(events.AgentActionExecuted, {
      prefetch: (e, p) => {
        agentOf(e, p)
        p.add(Inference, e.inferenceId.toString())
        p.add(AgentAction, e.actionId.toString())
        p.account(e.caller)
      },
      apply: (e, c) => {
        const agent = c.forUpdate(Agent, e.agentId.toString())
        // The router's InferenceRequested comes first in this transaction: the row is in the batch.
        const inference = c.existing(Inference, e.inferenceId.toString())
        if (!inference)
          c.anomaly(
            AnomalyKind.INCONSISTENT_STATE,
            `agent ${agent.id} action ${e.actionId} names inference ${e.inferenceId}, which the indexer never saw`,
          )
        else if (inference.fee !== e.modelFee)
          c.anomaly(
            AnomalyKind.INCONSISTENT_STATE,
            `agent action ${e.actionId} paid model fee ${e.modelFee}, inference ${inference.id} escrowed ${inference.fee}`,
          )
        const margin = e.paid - e.modelFee
        agent.actionCount += 1
        agent.revenue += e.paid
        agent.modelCost += e.modelFee
        agent.margin += margin
        c.save(
          new AgentAction({
            id: e.actionId.toString(),
            agent,
            caller: c.account(e.caller),
            inference: inference ?? null,
            routerInferenceId: e.inferenceId,
            paid: e.paid,
            modelFee: e.modelFee,
            margin,
            reclaimed: false,
            refund: null,
            reclaimedAtBlock: null,
            blockNumber: c.pos.blockNumber,
            timestamp: c.date,
            txHash: c.pos.txHash,
            ...c.txCost(),
          }),
        )
      },
    }),
    on(events.ActionReclaimed, {
      prefetch: (e, p) => p.add(AgentAction, e.actionId.toString()),
      apply: (e, c) => {
        const action = c.existing(AgentAction, e.actionId.toString())
        if (!action)
          return c.anomaly(AnomalyKind.INCONSISTENT_STATE, `reclaim of unknown agent action ${e.actionId}`)
        c.save(action)
        action.reclaimed = true
        action.refund = e.refund
        action.reclaimedAtBlock = c.pos.blockNumber
        const agentId = action.agent.id
        // The agent is known only once the action is loaded: update it in the second round.
        c.afterMainPass(
          (p) => p.add(Agent, agentId),
          () => {
            const agent = c.forUpdate(Agent, agentId)
            agent.refunded += e.refund
            agent.reclaimedCount += 1
          },
        )
      },
    }),
    deferredPayment(events.PaymentDeferred),
    nftTransfer('AgentRegistry', events.Transfer),
  ],
  ignored: [events.OwedWithdrawn, events.Approval, events.ApprovalForAll],
}
