import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, Index as Index_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * Attribution policy version in force for blocks [fromBlock, toBlock)
 */
@Entity_()
export class AttributionPolicy {
    constructor(props?: Partial<AttributionPolicy>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    method!: string

    @IntColumn_({nullable: false})
    topK!: number

    @IntColumn_({nullable: false})
    minWeightPpm!: number

    @IntColumn_({nullable: false})
    auditTolerancePpm!: number

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
