import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {Model} from "./model.model"
import {AgentAction} from "./agentAction.model"

/**
 * An AI agent (ERC-721 of AgentRegistry) bound to one version of a model. Each action pays the agent's
 * price: the model's fee goes to InferenceRouter as an ordinary inference (the registry is its caller),
 * the rest (the margin) to the agent's owner at that moment. Fields other than the counters are null
 * on a stub row (an agent met before its AgentDeployed, e.g. from a later manifest start block).
 */
@Entity_()
export class Agent {
    constructor(props?: Partial<Agent>) {
        Object.assign(this, props)
    }

    /**
     * agent id (ERC-721 token id)
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    owner!: Account | undefined | null

    /**
     * key that may reprice, rebind and pause the agent
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    operator!: Account | undefined | null

    @Index_()
    @ManyToOne_(() => Model, {nullable: true})
    model!: Model | undefined | null

    /**
     * model version the agent acts on (an action reverts once the model's current version differs)
     */
    @IntColumn_({nullable: true})
    boundVersion!: number | undefined | null

    /**
     * price per action, wei of native OPEN
     */
    @BigIntColumn_({nullable: true})
    pricePerAction!: bigint | undefined | null

    @BooleanColumn_({nullable: false})
    paused!: boolean

    /**
     * as emitted; escaped when PostgreSQL cannot store it (see IndexingAnomaly)
     */
    @StringColumn_({nullable: true})
    metadataURI!: string | undefined | null

    @IntColumn_({nullable: false})
    actionCount!: number

    /**
     * paid by callers for actions, wei
     */
    @BigIntColumn_({nullable: false})
    revenue!: bigint

    /**
     * model fees paid to the router for those actions, wei
     */
    @BigIntColumn_({nullable: false})
    modelCost!: bigint

    /**
     * revenue - modelCost: credited to the agent's owners, wei
     */
    @BigIntColumn_({nullable: false})
    margin!: bigint

    /**
     * model fees refunded to payers for reclaimed (cancelled) actions, wei
     */
    @BigIntColumn_({nullable: false})
    refunded!: bigint

    @IntColumn_({nullable: false})
    reclaimedCount!: number

    @IntColumn_({nullable: true})
    createdAtBlock!: number | undefined | null

    @DateTimeColumn_({nullable: true})
    createdAt!: Date | undefined | null

    @StringColumn_({nullable: true})
    createdTx!: string | undefined | null

    @OneToMany_(() => AgentAction, e => e.agent)
    actions!: AgentAction[]
}
