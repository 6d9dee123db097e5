import { addressId } from '../../computation/entityIds'
import type { AbiEventLike, EventHandler } from '../../computation/eventHandler'
import { on } from '../../computation/eventHandler'
import { ContractUpgrade, UpgradeableContract } from '../../model'
import { linkExecutingProposal } from './linkExecutingProposal'

type UpgradedArgs = { implementation: string }

/**
 * Handler for ERC-1967's `Upgraded(implementation)` of an upgradeable contract's proxy (composed
 * into each proxied contract's handlers: the log comes from the proxy's address, which the
 * manifest lists under the contract's name, so the indexer keeps decoding the same address across
 * upgrades). The first one, in the proxy's deployment, opens the contract's
 * {@link UpgradeableContract}; each later one records a {@link ContractUpgrade} with the
 * implementation it replaced, linked to the proposal whose execution ran it: the timelock reports
 * a call (CallExecuted) after the call's own logs, in the same transaction.
 *
 * @example
 * upgraded(events.Upgraded) // in policyRegistryHandlers.handlers
 */
export function upgraded(event: AbiEventLike<UpgradedArgs>): EventHandler<unknown> {
  return on(event, {
    prefetch: (_e, p, pos) => p.add(UpgradeableContract, addressId(pos.address)),
    apply: (e, c) => {
      const id = addressId(c.pos.address)
      const implementation = addressId(e.implementation)
      const found = c.existing(UpgradeableContract, id)
      const proxy = c.save(
        found ??
          new UpgradeableContract({
            id,
            contract: c.pos.contract,
            implementation,
            upgradeCount: -1,
            deployedAtBlock: c.pos.blockNumber,
            lastUpgradedAtBlock: c.pos.blockNumber,
          }),
      )
      const previousImplementation = found ? found.implementation : null
      proxy.implementation = implementation
      proxy.upgradeCount += 1
      proxy.lastUpgradedAtBlock = c.pos.blockNumber
      const upgrade = new ContractUpgrade({
        id: c.eventId(),
        proxy,
        contract: c.pos.contract,
        implementation,
        previousImplementation,
        proposal: null,
        blockNumber: c.pos.blockNumber,
        logIndex: c.pos.logIndex,
        timestamp: c.date,
        txHash: c.pos.txHash,
      })
      c.append(upgrade)
      linkExecutingProposal(c, (proposal) => {
        upgrade.proposal = proposal
      })
    },
  })
}
