import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {ComputeStakeStatus} from "./_computeStakeStatus"
import {ComputeBond} from "./computeBond.model"
import {ComputeRequest} from "./computeRequest.model"
import {ComputeProviderEvent} from "./computeProviderEvent.model"

/**
 * A compute provider: bonded native OPEN to serve models, and its record across all of them
 */
@Entity_()
export class ComputeProvider {
    constructor(props?: Partial<ComputeProvider>) {
        Object.assign(this, props)
    }

    /**
     * provider address
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    account!: Account

    /**
     * bonded over every model, wei
     */
    @BigIntColumn_({nullable: false})
    bonded!: bigint

    /**
     * waiting out the unbonding delay over every model, wei (still slashable)
     */
    @BigIntColumn_({nullable: false})
    unbonding!: bigint

    @BigIntColumn_({nullable: false})
    withdrawn!: bigint

    /**
     * taken for missed deadlines, wei
     */
    @BigIntColumn_({nullable: false})
    slashed!: bigint

    @IntColumn_({nullable: false})
    fulfilledCount!: number

    @IntColumn_({nullable: false})
    missedCount!: number

    /**
     * requests assigned and neither fulfilled nor claimed missed
     */
    @IntColumn_({nullable: false})
    openRequests!: number

    @Column_("varchar", {length: 9, nullable: false})
    status!: ComputeStakeStatus

    @OneToMany_(() => ComputeBond, e => e.provider)
    bonds!: ComputeBond[]

    @OneToMany_(() => ComputeRequest, e => e.provider)
    requests!: ComputeRequest[]

    @OneToMany_(() => ComputeProviderEvent, e => e.provider)
    events!: ComputeProviderEvent[]
}
