import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * InferenceRouter.setComputeMarket by governance: the market allowed to fulfil its own inferences
 */
@Entity_()
export class ComputeMarketChange {
    constructor(props?: Partial<ComputeMarketChange>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex>
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    previousMarket!: string

    @StringColumn_({nullable: false})
    newMarket!: string

    @IntColumn_({nullable: false})
    blockNumber!: number

    @StringColumn_({nullable: false})
    txHash!: string
}
