import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {ComputeProvider} from "./computeProvider.model"
import {Model} from "./model.model"
import {ComputeStakeStatus} from "./_computeStakeStatus"

/**
 * A provider's stake for one model (eligible for requests while bonded >= the minimum bond in force)
 */
@Index_(["model", "status"], {unique: false})
@Entity_()
export class ComputeBond {
    constructor(props?: Partial<ComputeBond>) {
        Object.assign(this, props)
    }

    /**
     * <provider>-<modelId>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => ComputeProvider, {nullable: true})
    provider!: ComputeProvider

    @ManyToOne_(() => Model, {nullable: true})
    model!: Model

    @BigIntColumn_({nullable: false})
    bonded!: bigint

    @BigIntColumn_({nullable: false})
    unbonding!: bigint

    /**
     * block from which the unbonding stake may be withdrawn (once no request is open)
     */
    @BigIntColumn_({nullable: true})
    unbondingAvailableAtBlock!: bigint | undefined | null

    @BigIntColumn_({nullable: false})
    withdrawn!: bigint

    @BigIntColumn_({nullable: false})
    slashed!: bigint

    @IntColumn_({nullable: false})
    fulfilledCount!: number

    @IntColumn_({nullable: false})
    missedCount!: number

    @IntColumn_({nullable: false})
    openRequests!: number

    /**
     * most requests the provider accepts open at once for this model (0: no limit)
     */
    @BigIntColumn_({nullable: false})
    capacity!: bigint

    @Column_("varchar", {length: 9, nullable: false})
    status!: ComputeStakeStatus
}
