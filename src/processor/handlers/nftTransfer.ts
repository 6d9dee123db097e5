import type { AbiEventLike, EventHandler } from '../../computation/eventHandler'
import { on } from '../../computation/eventHandler'
import { ZERO_ADDRESS } from '../../computation/handlerContext'
import { Datanet, Model, NftTransfer } from '../../model'

type NftTransferArgs = { from: string; to: string; tokenId: bigint }

/**
 * Handler for an ERC-721 `Transfer(from, to, tokenId)` of the datanet or model collection: the
 * token's owner follows the transfer (revenue follows `ownerOf` on chain) and the transfer is kept.
 *
 * @example
 * nftTransfer('ModelRegistry', events.Transfer)
 */
export function nftTransfer(
  collection: 'DatanetRegistry' | 'ModelRegistry',
  event: AbiEventLike<NftTransferArgs>,
): EventHandler<unknown> {
  return on(event, {
    prefetch: (e, p) => {
      p.add(collection === 'DatanetRegistry' ? Datanet : Model, e.tokenId.toString())
      p.account(e.from)
      p.account(e.to)
    },
    apply: (e, c) => {
      const to = c.account(e.to)
      // Both collections' entities have an `owner`; the union only confuses the class's constructor type.
      const token =
        collection === 'DatanetRegistry'
          ? c.forUpdate(Datanet, e.tokenId.toString())
          : c.forUpdate(Model, e.tokenId.toString())
      if (e.to !== ZERO_ADDRESS) token.owner = to
      c.append(
        new NftTransfer({
          id: c.eventId(),
          collection,
          tokenId: e.tokenId,
          from: c.account(e.from),
          to,
          blockNumber: c.pos.blockNumber,
          timestamp: c.date,
          txHash: c.pos.txHash,
        }),
      )
    },
  })
}
