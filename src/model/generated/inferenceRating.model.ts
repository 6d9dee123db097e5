import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Inference} from "./inference.model"
import {Account} from "./account.model"

/**
 * A caller's 1-5 rating of an inference's output: InferenceRouterV2's InferenceRated, indexed from the router's upgrade to V2 on (the event does not exist before)
 */
@Entity_()
export class InferenceRating {
    constructor(props?: Partial<InferenceRating>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex>, zero padded
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Inference, {nullable: true})
    inference!: Inference

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    rater!: Account

    @IntColumn_({nullable: false})
    score!: number

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
