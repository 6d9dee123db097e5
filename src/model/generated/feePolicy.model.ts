import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"

/**
 * Fee policy version in force for blocks [fromBlock, toBlock) (toBlock null: still in force)
 */
@Entity_()
export class FeePolicy {
    constructor(props?: Partial<FeePolicy>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex> of the update, zero padded
     */
    @PrimaryColumn_()
    id!: string

    @IntColumn_({nullable: false})
    protocolBps!: number

    @IntColumn_({nullable: false})
    modelOwnerBps!: number

    @IntColumn_({nullable: false})
    stakersBps!: number

    @IntColumn_({nullable: false})
    contributorsBps!: number

    @Index_()
    @IntColumn_({nullable: false})
    fromBlock!: number

    @IntColumn_({nullable: false})
    fromLogIndex!: number

    @Index_()
    @IntColumn_({nullable: true})
    toBlock!: number | undefined | null

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
