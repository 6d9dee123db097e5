import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {ShareToken} from "./shareToken.model"
import {Account} from "./account.model"

/**
 * A dividend claim
 */
@Entity_()
export class DividendClaim {
    constructor(props?: Partial<DividendClaim>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => ShareToken, {nullable: true})
    token!: ShareToken

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    holder!: Account

    /**
     * paid to
     */
    @StringColumn_({nullable: false})
    to!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
