import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {ContractUpgrade} from "./contractUpgrade.model"

/**
 * One of the upgradeable AI contracts (PolicyRegistry, DatanetRegistry, ModelRegistry, InferenceRouter): a UUPS implementation behind an ERC-1967 proxy whose address never changes; only the timelock upgrades it
 */
@Entity_()
export class UpgradeableContract {
    constructor(props?: Partial<UpgradeableContract>) {
        Object.assign(this, props)
    }

    /**
     * proxy address, lowercase
     */
    @PrimaryColumn_()
    id!: string

    /**
     * manifest name of the contract
     */
    @Index_({unique: true})
    @StringColumn_({nullable: false})
    contract!: string

    /**
     * implementation in force, lowercase
     */
    @StringColumn_({nullable: false})
    implementation!: string

    /**
     * implementations installed after the first one
     */
    @IntColumn_({nullable: false})
    upgradeCount!: number

    /**
     * block of the proxy's deployment (its first Upgraded)
     */
    @IntColumn_({nullable: false})
    deployedAtBlock!: number

    @IntColumn_({nullable: false})
    lastUpgradedAtBlock!: number

    @OneToMany_(() => ContractUpgrade, e => e.proxy)
    upgrades!: ContractUpgrade[]
}
