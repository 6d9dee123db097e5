import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, OneToOne as OneToOne_, JoinColumn as JoinColumn_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Inference} from "./inference.model"
import {Model} from "./model.model"
import {Validator} from "./validator.model"
import {FeePolicy} from "./feePolicy.model"
import {AttributionPolicy} from "./attributionPolicy.model"
import {ContributionReward} from "./contributionReward.model"

@Index_(["validator", "blockNumber"], {unique: false})
@Entity_()
export class Settlement {
    constructor(props?: Partial<Settlement>) {
        Object.assign(this, props)
    }

    /**
     * inference id
     */
    @PrimaryColumn_()
    id!: string

    @Index_({unique: true})
    @OneToOne_(() => Inference, {nullable: true})
    @JoinColumn_()
    inference!: Inference

    @Index_()
    @ManyToOne_(() => Model, {nullable: true})
    model!: Model

    @ManyToOne_(() => Validator, {nullable: true})
    validator!: Validator

    @BigIntColumn_({nullable: false})
    protocolAmount!: bigint

    @BigIntColumn_({nullable: false})
    modelOwnerAmount!: bigint

    @BigIntColumn_({nullable: false})
    stakersAmount!: bigint

    @BigIntColumn_({nullable: false})
    contributorsAmount!: bigint

    @BigIntColumn_({nullable: false})
    dust!: bigint

    /**
     * fee policy in force at the settlement block
     */
    @Index_()
    @ManyToOne_(() => FeePolicy, {nullable: true})
    feePolicy!: FeePolicy | undefined | null

    /**
     * attribution policy in force at the settlement block
     */
    @Index_()
    @ManyToOne_(() => AttributionPolicy, {nullable: true})
    attributionPolicy!: AttributionPolicy | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string

    @BigIntColumn_({nullable: true})
    gasUsed!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    gasPrice!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    l1Fee!: bigint | undefined | null

    @OneToMany_(() => ContributionReward, e => e.settlement)
    rewards!: ContributionReward[]
}
