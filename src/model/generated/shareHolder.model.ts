import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"
import {ShareToken} from "./shareToken.model"
import {Account} from "./account.model"

/**
 * A holder of a share token. Pending dividend (wei), exactly as the contract computes it: (token.magnifiedDividendPerShare * balance + magnifiedCorrection) / 2^128 - claimed (floor division)
 */
@Index_(["token", "balance"], {unique: false})
@Entity_()
export class ShareHolder {
    constructor(props?: Partial<ShareHolder>) {
        Object.assign(this, props)
    }

    /**
     * <token>-<holder>
     */
    @PrimaryColumn_()
    id!: string

    @ManyToOne_(() => ShareToken, {nullable: true})
    token!: ShareToken

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    account!: Account

    /**
     * share units
     */
    @BigIntColumn_({nullable: false})
    balance!: bigint

    /**
     * signed, 2^-128 wei: what transfers moved (see the pending formula above)
     */
    @BigIntColumn_({nullable: false})
    magnifiedCorrection!: bigint

    /**
     * dividends claimed (wei)
     */
    @BigIntColumn_({nullable: false})
    claimed!: bigint
}
