import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {ShareToken} from "./shareToken.model"

/**
 * Native OPEN received by a share token
 */
@Entity_()
export class ShareRevenue {
    constructor(props?: Partial<ShareRevenue>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => ShareToken, {nullable: true})
    token!: ShareToken

    /**
     * sender (the inference router for settlement payments)
     */
    @StringColumn_({nullable: false})
    from!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @BigIntColumn_({nullable: false})
    magnifiedDividendPerShare!: bigint

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
