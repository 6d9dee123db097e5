import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"

/**
 * Upstream share in force from (fromBlock, fromLogIndex) until the next row: bps of what reaches a level that goes on to its base
 */
@Entity_()
export class UpstreamSharePolicy {
    constructor(props?: Partial<UpstreamSharePolicy>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex> of the update, zero padded
     */
    @PrimaryColumn_()
    id!: string

    @IntColumn_({nullable: false})
    upstreamShareBps!: number

    @Index_()
    @IntColumn_({nullable: false})
    fromBlock!: number

    @IntColumn_({nullable: false})
    fromLogIndex!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
