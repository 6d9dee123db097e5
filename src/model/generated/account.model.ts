import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Contribution} from "./contribution.model"
import {ContributionReward} from "./contributionReward.model"

@Entity_()
export class Account {
    constructor(props?: Partial<Account>) {
        Object.assign(this, props)
    }

    /**
     * lowercase address
     */
    @PrimaryColumn_()
    id!: string

    /**
     * OpenToken (L1 ERC-20 OPEN) balance, wei
     */
    @BigIntColumn_({nullable: false})
    openBalance!: bigint

    /**
     * WOPEN balance, wei
     */
    @BigIntColumn_({nullable: false})
    wopenBalance!: bigint

    /**
     * GOPEN balance, wei
     */
    @BigIntColumn_({nullable: false})
    gopenBalance!: bigint

    /**
     * current GOPEN voting power (votes delegated to this account), wei
     */
    @BigIntColumn_({nullable: false})
    votingPower!: bigint

    /**
     * address this account delegates its GOPEN votes to (null: never delegated)
     */
    @StringColumn_({nullable: true})
    delegate!: string | undefined | null

    /**
     * contributions submitted
     */
    @IntColumn_({nullable: false})
    contributionCount!: number

    /**
     * native OPEN earned as a data contributor, wei
     */
    @BigIntColumn_({nullable: false})
    contributorEarned!: bigint

    /**
     * inferences requested as caller
     */
    @IntColumn_({nullable: false})
    inferenceCount!: number

    /**
     * inference fees paid, wei
     */
    @BigIntColumn_({nullable: false})
    inferenceFeesPaid!: bigint

    /**
     * gas used by this account's transactions to the AI-side contracts (datanets, models, validators, inference router, model fund, policy)
     */
    @BigIntColumn_({nullable: false})
    gasUsed!: bigint

    /**
     * execution + L1 data fees paid for those transactions, wei
     */
    @BigIntColumn_({nullable: false})
    txFeesPaid!: bigint

    /**
     * block this account first appeared in an indexed event
     */
    @IntColumn_({nullable: false})
    firstSeenBlock!: number

    @OneToMany_(() => Contribution, e => e.contributor)
    contributions!: Contribution[]

    @OneToMany_(() => ContributionReward, e => e.contributor)
    rewards!: ContributionReward[]
}
