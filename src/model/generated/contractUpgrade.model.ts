import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {UpgradeableContract} from "./upgradeableContract.model"
import {Proposal} from "./proposal.model"

/**
 * An Upgraded(implementation) of an upgradeable contract's proxy: the first implementation at deployment, then each upgrade, linked to the governance proposal whose execution made it
 */
@Entity_()
export class ContractUpgrade {
    constructor(props?: Partial<ContractUpgrade>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex> of the Upgraded log, zero padded
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => UpgradeableContract, {nullable: true})
    proxy!: UpgradeableContract

    /**
     * manifest name of the contract
     */
    @Index_()
    @StringColumn_({nullable: false})
    contract!: string

    /**
     * the new implementation, lowercase
     */
    @Index_()
    @StringColumn_({nullable: false})
    implementation!: string

    /**
     * the implementation it replaced (null: the first one, set by the proxy's deployment)
     */
    @StringColumn_({nullable: true})
    previousImplementation!: string | undefined | null

    /**
     * proposal whose execution upgraded it (governor execute, or its timelock operation executed directly); null at deployment or outside governance
     */
    @Index_()
    @ManyToOne_(() => Proposal, {nullable: true})
    proposal!: Proposal | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @IntColumn_({nullable: false})
    logIndex!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
