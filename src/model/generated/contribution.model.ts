import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Datanet} from "./datanet.model"
import {Account} from "./account.model"
import {ContributionStatus} from "./_contributionStatus"
import {ContributionReward} from "./contributionReward.model"

@Index_(["datanet", "status", "submittedAtBlock"], {unique: false})
@Entity_()
export class Contribution {
    constructor(props?: Partial<Contribution>) {
        Object.assign(this, props)
    }

    /**
     * contribution id
     */
    @PrimaryColumn_()
    id!: string

    @ManyToOne_(() => Datanet, {nullable: true})
    datanet!: Datanet | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    contributor!: Account | undefined | null

    @Index_()
    @StringColumn_({nullable: true})
    contentHash!: string | undefined | null

    @BigIntColumn_({nullable: true})
    size!: bigint | undefined | null

    @StringColumn_({nullable: true})
    metadataURI!: string | undefined | null

    @StringColumn_({array: true, nullable: true})
    tags!: (string)[] | undefined | null

    @Index_()
    @Column_("varchar", {length: 8, nullable: true})
    status!: ContributionStatus | undefined | null

    /**
     * 0-based position in the datanet's Merkle tree (acceptance order); null unless accepted
     */
    @BigIntColumn_({nullable: true})
    acceptanceIndex!: bigint | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    curator!: Account | undefined | null

    @IntColumn_({nullable: true})
    submittedAtBlock!: number | undefined | null

    @DateTimeColumn_({nullable: true})
    submittedAt!: Date | undefined | null

    @IntColumn_({nullable: true})
    reviewedAtBlock!: number | undefined | null

    @StringColumn_({nullable: true})
    txHash!: string | undefined | null

    /**
     * native OPEN earned from settlements, wei
     */
    @BigIntColumn_({nullable: false})
    earned!: bigint

    @IntColumn_({nullable: false})
    rewardCount!: number

    @OneToMany_(() => ContributionReward, e => e.contribution)
    rewards!: ContributionReward[]
}
