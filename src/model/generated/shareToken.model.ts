import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Model} from "./model.model"
import {Account} from "./account.model"
import {ShareHolder} from "./shareHolder.model"
import {ShareRevenue} from "./shareRevenue.model"
import {DividendClaim} from "./dividendClaim.model"
import {Pool} from "./pool.model"

/**
 * A model tokenized by ModelShares: an ERC-20 that owns the model NFT and receives its owner revenue
 */
@Entity_()
export class ShareToken {
    constructor(props?: Partial<ShareToken>) {
        Object.assign(this, props)
    }

    /**
     * token address
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Model, {nullable: true})
    model!: Model

    /**
     * who tokenized the model (and got the whole supply)
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    creator!: Account

    /**
     * who may forward fulfil / price / versions (null: renounced)
     */
    @StringColumn_({nullable: true})
    operator!: string | undefined | null

    @StringColumn_({nullable: false})
    name!: string

    @StringColumn_({nullable: false})
    symbol!: string

    /**
     * fixed supply, share units (18 decimals)
     */
    @BigIntColumn_({nullable: false})
    supply!: bigint

    /**
     * holders with a non-zero balance
     */
    @IntColumn_({nullable: false})
    holderCount!: number

    /**
     * native OPEN received (wei)
     */
    @BigIntColumn_({nullable: false})
    revenueReceived!: bigint

    /**
     * dividends claimed (wei)
     */
    @BigIntColumn_({nullable: false})
    claimed!: bigint

    /**
     * accumulated dividend per share in 2^-128 wei, as the last RevenueReceived emitted
     */
    @BigIntColumn_({nullable: false})
    magnifiedDividendPerShare!: bigint

    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @StringColumn_({nullable: false})
    txHash!: string

    @OneToMany_(() => ShareHolder, e => e.token)
    holders!: ShareHolder[]

    @OneToMany_(() => ShareRevenue, e => e.token)
    revenues!: ShareRevenue[]

    @OneToMany_(() => DividendClaim, e => e.token)
    claims!: DividendClaim[]

    @OneToMany_(() => Pool, e => e.shareToken)
    pools!: Pool[]
}
