import { events } from '../../abi/AttributionValidators'
import { addressId } from '../../computation/entityIds'
import { type ContractHandlers, on } from '../../computation/eventHandler'
import type { HandlerContext, Prefetch } from '../../computation/handlerContext'
import { Validator, ValidatorEvent, ValidatorEventKind } from '../../model'

const want = (e: { validator: string }, p: Prefetch) => {
  p.add(Validator, addressId(e.validator))
  p.account(e.validator)
}

function record(
  c: HandlerContext,
  v: Validator,
  kind: ValidatorEventKind,
  fields: Partial<ValidatorEvent>,
): void {
  c.append(
    new ValidatorEvent({
      id: c.eventId(),
      validator: v,
      kind,
      totalBonded: null,
      availableAt: null,
      evidenceHash: null,
      blockNumber: c.pos.blockNumber,
      timestamp: c.date,
      txHash: c.pos.txHash,
      ...fields,
    }),
  )
}

/**
 * AttributionValidators: bonds, unbonding (with the time it becomes withdrawable), withdrawals,
 * slashes (taken from the bonded stake first, then from the unbonding one, as the contract does).
 *
 * @example
 * handlersByName.AttributionValidators === attributionValidatorsHandlers
 */
export const attributionValidatorsHandlers: ContractHandlers = {
  name: 'AttributionValidators',
  handlers: [
    on(events.ValidatorBonded, {
      prefetch: want,
      apply: (e, c) => {
        const v = c.forUpdate(Validator, addressId(e.validator))
        v.bonded = e.totalBonded
        record(c, v, ValidatorEventKind.BONDED, { amount: e.amount, totalBonded: e.totalBonded })
      },
    }),
    on(events.ValidatorUnbonding, {
      prefetch: want,
      apply: (e, c) => {
        const v = c.forUpdate(Validator, addressId(e.validator))
        v.bonded -= e.amount
        v.unbonding += e.amount
        v.unbondingAvailableAt = e.availableAt
        record(c, v, ValidatorEventKind.UNBONDING, { amount: e.amount, availableAt: e.availableAt })
      },
    }),
    on(events.ValidatorWithdrawn, {
      prefetch: want,
      apply: (e, c) => {
        const v = c.forUpdate(Validator, addressId(e.validator))
        v.unbonding -= e.amount
        v.withdrawn += e.amount
        if (v.unbonding === 0n) v.unbondingAvailableAt = null
        record(c, v, ValidatorEventKind.WITHDRAWN, { amount: e.amount })
      },
    }),
    on(events.ValidatorSlashed, {
      prefetch: want,
      apply: (e, c) => {
        const v = c.forUpdate(Validator, addressId(e.validator))
        // biome-ignore lint/complexity/useMathMinMax: bigint (Math.min does not take bigints)
        const fromBonded = e.amount < v.bonded ? e.amount : v.bonded
        v.bonded -= fromBonded
        v.unbonding -= e.amount - fromBonded
        v.slashed += e.amount
        v.slashCount += 1
        record(c, v, ValidatorEventKind.SLASHED, { amount: e.amount, evidenceHash: e.evidenceHash })
      },
    }),
  ],
  ignored: [events.MinBondUpdated, events.OwnershipTransferred],
}
