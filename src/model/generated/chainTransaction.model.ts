import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, DateTimeColumn as DateTimeColumn_, ManyToOne as ManyToOne_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"

/**
 * A transaction that emitted an event of an AI-side contract: gas and the OP-stack L1 data fee it paid (token-side transactions are indexed without their receipts unless the processor's transactionsFor is 'all')
 */
@Entity_()
export class ChainTransaction {
    constructor(props?: Partial<ChainTransaction>) {
        Object.assign(this, props)
    }

    /**
     * tx hash
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    from!: Account

    @StringColumn_({nullable: true})
    to!: string | undefined | null

    @BigIntColumn_({nullable: true})
    gasUsed!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    gasPrice!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    effectiveGasPrice!: bigint | undefined | null

    /**
     * OP-stack L1 data fee, wei (null on chains without one)
     */
    @BigIntColumn_({nullable: true})
    l1Fee!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    l1GasUsed!: bigint | undefined | null

    /**
     * gasUsed * effectiveGasPrice + l1Fee, wei
     */
    @BigIntColumn_({nullable: true})
    totalFee!: bigint | undefined | null

    /**
     * names of the indexed contracts whose events the tx emitted
     */
    @StringColumn_({array: true, nullable: false})
    contracts!: (string)[]
}
