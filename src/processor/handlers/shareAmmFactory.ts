import { events } from '../../abi/ShareAmmFactory'
import { addressId } from '../../computation/entityIds'
import { type ContractHandlers, creation, on } from '../../computation/eventHandler'
import { Pool, ShareToken } from '../../model'
import { createdTransfer } from './createdTransfer'
import { shareAmmPairHandlers } from './shareAmmPair'

/**
 * ShareAmmFactory (Uniswap V2-style): `PairCreated` saves the Pool (from then on its address is
 * known, see `src/computation/dynamicContracts.ts`), noting which side is a ModelShares token and
 * whether the other is the manifest's WOPEN (then the pool has a price and a TVL in WOPEN).
 *
 * @example
 * handlersByName.ShareAmmFactory === shareAmmFactoryHandlers
 */
export const shareAmmFactoryHandlers: ContractHandlers = {
  name: 'ShareAmmFactory',
  handlers: [
    on(events.PairCreated, {
      prefetch: (e, p) => {
        p.add(ShareToken, addressId(e.token0))
        p.add(ShareToken, addressId(e.token1))
        p.add(Pool, addressId(e.pair))
      },
      apply: (e, c) => {
        const token0 = addressId(e.token0)
        const token1 = addressId(e.token1)
        const share0 = c.existing(ShareToken, token0)
        const share1 = share0 ? undefined : c.existing(ShareToken, token1)
        const wopen = c.manifest.contracts.WOPEN?.address.toLowerCase()
        const other = share0 ? token1 : token0
        c.save(
          new Pool({
            id: addressId(e.pair),
            token0,
            token1,
            shareToken: share0 ?? share1 ?? null,
            shareSide: share0 ? 0 : share1 ? 1 : null,
            quotedInWopen: (share0 !== undefined || share1 !== undefined) && other === wopen,
            reserve0: 0n,
            reserve1: 0n,
            totalSupply: 0n,
            price: null,
            tvlWopen: null,
            swapCount: 0,
            volume0: 0n,
            volume1: 0n,
            createdAtBlock: c.pos.blockNumber,
            createdAt: c.date,
            txHash: c.pos.txHash,
          }),
        )
      },
    }),
  ],
  ignored: [],
  created: [createdTransfer, ...shareAmmPairHandlers],
  creates: [creation(events.PairCreated, (e) => e.pair)],
}
