import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Token} from "./_token"
import {WrapKind} from "./_wrapKind"
import {Account} from "./account.model"

/**
 * WOPEN/GOPEN Deposit (wrap native OPEN) or Withdrawal (unwrap)
 */
@Entity_()
export class WrapEvent {
    constructor(props?: Partial<WrapEvent>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @Column_("varchar", {length: 5, nullable: false})
    token!: Token

    @Column_("varchar", {length: 6, nullable: false})
    kind!: WrapKind

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    account!: Account

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
