import { events } from '../../abi/ComputeMarket'
import { addressId } from '../../computation/entityIds'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import type { HandlerContext, Prefetch } from '../../computation/handlerContext'
import {
  AnomalyKind,
  ComputeBond,
  ComputeMarketParameters,
  ComputeProvider,
  ComputeProviderEvent,
  ComputeProviderEventKind,
  ComputeRequest,
  ComputeRequestStatus,
  ComputeStakeStatus,
  Inference,
  Model,
} from '../../model'

type Stake = { bonded: bigint; unbonding: bigint; status: ComputeStakeStatus }

const bondId = (provider: string, modelId: bigint) => `${addressId(provider)}-${modelId}`

const want = (e: { provider: string; modelId: bigint }, p: Prefetch) => {
  p.add(ComputeProvider, addressId(e.provider))
  p.add(ComputeBond, bondId(e.provider, e.modelId))
  p.add(Model, e.modelId.toString())
  p.account(e.provider)
}

/** The provider, created with zero totals on first sight, marked for writing. */
function provider(c: HandlerContext, address: string): ComputeProvider {
  const id = addressId(address)
  const found = c.existing(ComputeProvider, id)
  return c.save(
    found ??
      new ComputeProvider({
        id,
        account: c.account(address),
        bonded: 0n,
        unbonding: 0n,
        withdrawn: 0n,
        slashed: 0n,
        fulfilledCount: 0,
        missedCount: 0,
        openRequests: 0,
        status: ComputeStakeStatus.EXITED,
      }),
  )
}

/** The provider's bond for the model, created empty on first sight, marked for writing. */
function bond(c: HandlerContext, p: ComputeProvider, modelId: bigint): ComputeBond {
  const id = `${p.id}-${modelId}`
  const found = c.existing(ComputeBond, id)
  if (found) return c.save(found)
  // A model the indexer never saw (manifest started after it) still gets a row to point at.
  const model = c.existing(Model, modelId.toString()) ?? c.forUpdate(Model, modelId.toString())
  return c.save(
    new ComputeBond({
      id,
      provider: p,
      model,
      bonded: 0n,
      unbondingAvailableAtBlock: null,
      unbonding: 0n,
      withdrawn: 0n,
      slashed: 0n,
      fulfilledCount: 0,
      missedCount: 0,
      openRequests: 0,
      capacity: 0n,
      status: ComputeStakeStatus.EXITED,
    }),
  )
}

function restatus(...stakes: Stake[]): void {
  for (const s of stakes)
    s.status =
      s.bonded > 0n
        ? ComputeStakeStatus.BONDED
        : s.unbonding > 0n
          ? ComputeStakeStatus.UNBONDING
          : ComputeStakeStatus.EXITED
}

function record(
  c: HandlerContext,
  b: ComputeBond,
  kind: ComputeProviderEventKind,
  amount: bigint,
  fields: Partial<ComputeProviderEvent> = {},
): void {
  c.append(
    new ComputeProviderEvent({
      id: c.eventId(),
      provider: b.provider,
      bond: b,
      kind,
      amount,
      bondedAfter: null,
      availableAtBlock: null,
      request: null,
      blockNumber: c.pos.blockNumber,
      timestamp: c.date,
      txHash: c.pos.txHash,
      ...fields,
    }),
  )
}

/** Applies `change` to the provider's totals and to its bond for the model, updates both statuses, records the event. */
function changeStake(
  c: HandlerContext,
  e: { provider: string; modelId: bigint; amount: bigint },
  kind: ComputeProviderEventKind,
  fields: Partial<ComputeProviderEvent>,
  change: (s: ComputeProvider | ComputeBond, b: ComputeBond) => void,
): void {
  const p = provider(c, e.provider)
  const b = bond(c, p, e.modelId)
  change(p, b)
  change(b, b)
  restatus(p, b)
  record(c, b, kind, e.amount, fields)
}

/** Loads an open request, or records why it cannot close and returns undefined. */
function openRequest(c: HandlerContext, requestId: bigint, what: string): ComputeRequest | undefined {
  const r = c.existing(ComputeRequest, requestId.toString())
  if (!r) c.anomaly(AnomalyKind.INCONSISTENT_STATE, `${what} of unknown compute request ${requestId}`)
  else if (r.status !== ComputeRequestStatus.REQUESTED)
    c.anomaly(AnomalyKind.INCONSISTENT_STATE, `${what} of compute request ${requestId}, already ${r.status}`)
  else return c.save(r)
  return undefined
}

/**
 * ComputeMarket: providers' bonds per model (bond, unbonding, withdrawal), requests with their
 * deadlines, fulfilments (linked to the router inference they created), missed deadlines with the
 * refund and the slash (taken from the bonded stake first, then the unbonding one, as the contract
 * does), the capacity each provider accepts, and the governed parameters.
 *
 * @example
 * handlersByName.ComputeMarket === computeMarketHandlers
 */
export const computeMarketHandlers: ContractHandlers = {
  name: 'ComputeMarket',
  handlers: [
    on(events.ComputeParametersUpdated, {
      apply: (e, c) => {
        c.append(
          new ComputeMarketParameters({
            id: c.eventId(),
            minBond: e.minBond,
            deadlineBlocks: e.deadlineBlocks,
            slashAmount: e.slashAmount,
            blockNumber: c.pos.blockNumber,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
    on(events.ProviderBonded, {
      prefetch: want,
      apply: (e, c) =>
        changeStake(c, e, ComputeProviderEventKind.BONDED, { bondedAfter: e.bonded }, (s) => {
          s.bonded += e.amount
        }),
    }),
    on(events.ProviderUnbonding, {
      prefetch: want,
      apply: (e, c) =>
        changeStake(
          c,
          e,
          ComputeProviderEventKind.UNBONDING,
          { availableAtBlock: e.availableAtBlock },
          (s, b) => {
            s.bonded -= e.amount
            s.unbonding += e.amount
            b.unbondingAvailableAtBlock = e.availableAtBlock
          },
        ),
    }),
    on(events.ProviderWithdrawn, {
      prefetch: want,
      apply: (e, c) =>
        changeStake(c, e, ComputeProviderEventKind.WITHDRAWN, {}, (s, b) => {
          s.unbonding -= e.amount
          s.withdrawn += e.amount
          b.unbondingAvailableAtBlock = null
        }),
    }),
    on(events.ProviderCapacitySet, {
      prefetch: want,
      apply: (e, c) => {
        bond(c, provider(c, e.provider), e.modelId).capacity = e.capacity
      },
    }),
    on(events.ComputeRequested, {
      prefetch: (e, p) => {
        want(e, p)
        p.account(e.payer)
      },
      apply: (e, c) => {
        const p = provider(c, e.provider)
        const b = bond(c, p, e.modelId)
        p.openRequests += 1
        b.openRequests += 1
        c.save(
          new ComputeRequest({
            id: e.requestId.toString(),
            model: b.model,
            provider: p,
            bond: b,
            payer: c.account(e.payer),
            fee: e.fee,
            inputHash: e.inputHash,
            deadlineBlock: e.deadlineBlock,
            slashAmount: e.slashAmount,
            status: ComputeRequestStatus.REQUESTED,
            requestedAtBlock: c.pos.blockNumber,
            requestedAt: c.date,
            requestTx: c.pos.txHash,
            inference: null,
            outputHash: null,
            topUp: null,
            refund: null,
            slashed: null,
            closedAtBlock: null,
            closeTx: null,
          }),
        )
      },
    }),
    on(events.ComputeFulfilled, {
      prefetch: (e, p) => {
        want(e, p)
        p.add(ComputeRequest, e.requestId.toString())
        p.add(Inference, e.inferenceId.toString())
      },
      apply: (e, c) => {
        const r = openRequest(c, e.requestId, 'fulfilment')
        if (!r) return
        const inference = c.existing(Inference, e.inferenceId.toString())
        if (!inference)
          c.anomaly(
            AnomalyKind.INCONSISTENT_STATE,
            `compute request ${r.id} fulfilled by inference ${e.inferenceId}, which the indexer never saw`,
          )
        const p = provider(c, e.provider)
        const b = bond(c, p, e.modelId)
        p.openRequests -= 1
        b.openRequests -= 1
        p.fulfilledCount += 1
        b.fulfilledCount += 1
        Object.assign(r, {
          status: ComputeRequestStatus.FULFILLED,
          inference: inference ?? null,
          outputHash: e.outputHash,
          topUp: e.topUp,
          refund: e.refund,
          closedAtBlock: c.pos.blockNumber,
          closeTx: c.pos.txHash,
        })
      },
    }),
    on(events.ComputeMissed, {
      prefetch: (e, p) => {
        want(e, p)
        p.add(ComputeRequest, e.requestId.toString())
      },
      apply: (e, c) => {
        const r = openRequest(c, e.requestId, 'missed deadline')
        if (!r) return
        const p = provider(c, e.provider)
        const b = bond(c, p, e.modelId)
        // biome-ignore lint/complexity/useMathMinMax: bigint (Math.min does not take bigints)
        const fromBonded = e.slashed < b.bonded ? e.slashed : b.bonded
        for (const s of [p, b]) {
          s.bonded -= fromBonded
          s.unbonding -= e.slashed - fromBonded
          s.slashed += e.slashed
          s.openRequests -= 1
          s.missedCount += 1
        }
        restatus(p, b)
        Object.assign(r, {
          status: ComputeRequestStatus.MISSED,
          refund: e.refund,
          slashed: e.slashed,
          closedAtBlock: c.pos.blockNumber,
          closeTx: c.pos.txHash,
        })
        if (e.slashed > 0n) record(c, b, ComputeProviderEventKind.SLASHED, e.slashed, { request: r })
      },
    }),
  ],
  ignored: [events.PaymentDeferred, events.OwedWithdrawn, events.OwnershipTransferred],
}
