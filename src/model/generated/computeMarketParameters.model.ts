import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, Index as Index_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"

/**
 * A change of the ComputeMarket's governed parameters (the first is the deployment's)
 */
@Entity_()
export class ComputeMarketParameters {
    constructor(props?: Partial<ComputeMarketParameters>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex>
     */
    @PrimaryColumn_()
    id!: string

    @BigIntColumn_({nullable: false})
    minBond!: bigint

    @BigIntColumn_({nullable: false})
    deadlineBlocks!: bigint

    @BigIntColumn_({nullable: false})
    slashAmount!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @StringColumn_({nullable: false})
    txHash!: string
}
