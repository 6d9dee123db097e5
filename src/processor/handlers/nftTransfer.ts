import type { AbiEventLike, EventHandler } from '../../computation/eventHandler'
import { on } from '../../computation/eventHandler'
import { ZERO_ADDRESS } from '../../computation/handlerContext'
import { Agent, Datanet, Model, NftTransfer } from '../../model'

type NftTransferArgs = { from: string; to: string; tokenId: bigint }

const TOKEN_ENTITY = { DatanetRegistry: Datanet, ModelRegistry: Model, AgentRegistry: Agent }

/**
 * Handler for an ERC-721 `Transfer(from, to, tokenId)` of the datanet, model or agent collection: the
 * token's owner follows the transfer (revenue follows `ownerOf` on chain) and the transfer is kept.
 *
 * @example
 * nftTransfer('ModelRegistry', events.Transfer)
 */
export function nftTransfer(
  collection: 'DatanetRegistry' | 'ModelRegistry' | 'AgentRegistry',
  event: AbiEventLike<NftTransferArgs>,
): EventHandler<unknown> {
  return on(event, {
    prefetch: (e, p) => {
      p.add(TOKEN_ENTITY[collection], e.tokenId.toString())
      p.account(e.from)
      p.account(e.to)
    },
    apply: (e, c) => {
      const to = c.account(e.to)
      // Every collection's entity has an `owner`; the union only confuses the class's constructor type.
      const token = c.forUpdate(TOKEN_ENTITY[collection] as typeof Model, e.tokenId.toString())
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
