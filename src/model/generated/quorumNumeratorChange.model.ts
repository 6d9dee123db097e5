import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, BigIntColumn as BigIntColumn_, Index as Index_, IntColumn as IntColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"

/**
 * The governor's quorum numerator (percent of the votes supply), in force from timepoint on (the constructor sets the first one)
 */
@Entity_()
export class QuorumNumeratorChange {
    constructor(props?: Partial<QuorumNumeratorChange>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex>, zero padded
     */
    @PrimaryColumn_()
    id!: string

    /**
     * governor clock value: the block timestamp, seconds
     */
    @Index_()
    @BigIntColumn_({nullable: false})
    timepoint!: bigint

    @BigIntColumn_({nullable: false})
    oldNumerator!: bigint

    @BigIntColumn_({nullable: false})
    newNumerator!: bigint

    @IntColumn_({nullable: false})
    blockNumber!: number

    @StringColumn_({nullable: false})
    txHash!: string
}
