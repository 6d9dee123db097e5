import { events } from '../../abi/ModelShares'
import { addressId } from '../../computation/entityIds'
import { type ContractHandlers, creation, on } from '../../computation/eventHandler'
import { Model, ShareHolder, ShareToken } from '../../model'
import { createdTransfer } from './createdTransfer'
import { shareTokenHandlers } from './modelShareToken'
import { holderId } from './shareIds'

/**
 * ModelShares (share-token factory): `ShareTokenCreated` saves the ShareToken (from then on its
 * address is known, see `src/computation/dynamicContracts.ts`) and credits the whole supply to the
 * creator. The token's constructor mint (`Transfer` from zero) and `OperatorChanged` come before
 * this event in the same transaction, while the address is still unknown: they are ignored, and
 * this handler records what they said.
 *
 * @example
 * handlersByName.ModelShares === modelSharesHandlers
 */
export const modelSharesHandlers: ContractHandlers = {
  name: 'ModelShares',
  handlers: [
    on(events.ShareTokenCreated, {
      prefetch: (e, p) => {
        p.add(Model, e.modelId.toString())
        p.account(e.owner)
        p.add(ShareToken, addressId(e.token))
        p.add(ShareHolder, holderId(e.token, e.owner))
      },
      apply: (e, c) => {
        const token = c.save(
          new ShareToken({
            id: addressId(e.token),
            model: c.forUpdate(Model, e.modelId.toString()),
            creator: c.account(e.owner),
            operator: addressId(e.owner),
            name: e.name,
            symbol: e.symbol,
            supply: e.supply,
            holderCount: e.supply > 0n ? 1 : 0,
            revenueReceived: 0n,
            claimed: 0n,
            magnifiedDividendPerShare: 0n,
            createdAtBlock: c.pos.blockNumber,
            createdAt: c.date,
            txHash: c.pos.txHash,
          }),
        )
        c.save(
          new ShareHolder({
            id: holderId(e.token, e.owner),
            token,
            account: c.account(e.owner),
            balance: e.supply,
            magnifiedCorrection: 0n,
            claimed: 0n,
          }),
        )
      },
    }),
  ],
  ignored: [],
  created: [createdTransfer, ...shareTokenHandlers],
  creates: [creation(events.ShareTokenCreated, (e) => e.token)],
}
