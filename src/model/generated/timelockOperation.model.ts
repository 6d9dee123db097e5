import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Proposal} from "./proposal.model"

/**
 * A timelock operation (id = the timelock's operation id, lowercase 0x hex); the governor schedules one when a proposal is queued
 */
@Entity_()
export class TimelockOperation {
    constructor(props?: Partial<TimelockOperation>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    /**
     * the proposal whose queue scheduled it (null: scheduled outside the governor)
     */
    @Index_()
    @ManyToOne_(() => Proposal, {nullable: true})
    proposal!: Proposal | undefined | null

    /**
     * calls in the batch
     */
    @IntColumn_({nullable: false})
    calls!: number

    /**
     * delay, seconds
     */
    @BigIntColumn_({nullable: false})
    delay!: bigint

    @IntColumn_({nullable: false})
    scheduledAtBlock!: number

    @IntColumn_({nullable: true})
    executedAtBlock!: number | undefined | null

    @IntColumn_({nullable: true})
    canceledAtBlock!: number | undefined | null

    @StringColumn_({nullable: false})
    txHash!: string
}
