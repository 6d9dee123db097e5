import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"

@Entity_()
export class DailyStat {
    constructor(props?: Partial<DailyStat>) {
        Object.assign(this, props)
    }

    /**
     * UTC day, YYYY-MM-DD
     */
    @PrimaryColumn_()
    id!: string

    @DateTimeColumn_({nullable: false})
    date!: Date

    @IntColumn_({nullable: false})
    inferences!: number

    @IntColumn_({nullable: false})
    settlements!: number

    @BigIntColumn_({nullable: false})
    inferenceFees!: bigint

    @BigIntColumn_({nullable: false})
    contributorRewards!: bigint

    @BigIntColumn_({nullable: false})
    protocolRevenue!: bigint

    @IntColumn_({nullable: false})
    contributions!: number

    @IntColumn_({nullable: false})
    acceptedContributions!: number

    @IntColumn_({nullable: false})
    transfers!: number

    @BigIntColumn_({nullable: false})
    wrapped!: bigint

    @BigIntColumn_({nullable: false})
    unwrapped!: bigint

    @IntColumn_({nullable: false})
    votes!: number

    /**
     * gas of the day's AI-side transactions (see ChainTransaction)
     */
    @BigIntColumn_({nullable: false})
    gasUsed!: bigint

    @BigIntColumn_({nullable: false})
    l1Fees!: bigint

    @IntColumn_({nullable: false})
    transactions!: number
}
