import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Settlement} from "./settlement.model"
import {Inference} from "./inference.model"
import {Contribution} from "./contribution.model"
import {Account} from "./account.model"

@Entity_()
export class ContributionReward {
    constructor(props?: Partial<ContributionReward>) {
        Object.assign(this, props)
    }

    /**
     * <inferenceId>-<contributionId>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Settlement, {nullable: true})
    settlement!: Settlement

    @Index_()
    @ManyToOne_(() => Inference, {nullable: true})
    inference!: Inference

    @Index_()
    @ManyToOne_(() => Contribution, {nullable: true})
    contribution!: Contribution

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    contributor!: Account

    /**
     * datanet of the contribution when known (null when DatanetRegistry is not indexed)
     */
    @StringColumn_({nullable: true})
    datanetId!: string | undefined | null

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @IntColumn_({nullable: false})
    weightPpm!: number

    /**
     * order within the settlement (log order)
     */
    @IntColumn_({nullable: false})
    position!: number

    @IntColumn_({nullable: false})
    blockNumber!: number
}
