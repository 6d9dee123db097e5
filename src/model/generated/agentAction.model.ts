import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, OneToOne as OneToOne_, JoinColumn as JoinColumn_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Agent} from "./agent.model"
import {Account} from "./account.model"
import {Inference} from "./inference.model"

/**
 * One paid action of an agent and the inference it caused
 */
@Index_(["agent", "blockNumber"], {unique: false})
@Entity_()
export class AgentAction {
    constructor(props?: Partial<AgentAction>) {
        Object.assign(this, props)
    }

    /**
     * action id
     */
    @PrimaryColumn_()
    id!: string

    @ManyToOne_(() => Agent, {nullable: true})
    agent!: Agent

    /**
     * who paid for the action
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    caller!: Account

    /**
     * the inference the action requested (null when InferenceRouter is not indexed)
     */
    @Index_({unique: true})
    @OneToOne_(() => Inference, {nullable: true})
    @JoinColumn_()
    inference!: Inference | undefined | null

    /**
     * the inference's id at the router (kept when the Inference row is absent)
     */
    @BigIntColumn_({nullable: false})
    routerInferenceId!: bigint

    /**
     * paid by the caller, wei
     */
    @BigIntColumn_({nullable: false})
    paid!: bigint

    /**
     * the model's fee forwarded to the router, wei
     */
    @BigIntColumn_({nullable: false})
    modelFee!: bigint

    /**
     * paid - modelFee, credited to the agent's owner, wei
     */
    @BigIntColumn_({nullable: false})
    margin!: bigint

    @BooleanColumn_({nullable: false})
    reclaimed!: boolean

    /**
     * model fee refunded to the caller by reclaim, wei
     */
    @BigIntColumn_({nullable: true})
    refund!: bigint | undefined | null

    @IntColumn_({nullable: true})
    reclaimedAtBlock!: number | undefined | null

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
}
