import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {ModelVersion} from "./modelVersion.model"
import {Inference} from "./inference.model"
import {ModelFunding} from "./modelFunding.model"
import {Agent} from "./agent.model"
import {ShareToken} from "./shareToken.model"

@Entity_()
export class Model {
    constructor(props?: Partial<Model>) {
        Object.assign(this, props)
    }

    /**
     * model id (ERC-721 token id)
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    owner!: Account | undefined | null

    /**
     * as emitted; escaped when PostgreSQL cannot store it (see IndexingAnomaly)
     */
    @StringColumn_({nullable: true})
    name!: string | undefined | null

    @StringColumn_({nullable: true})
    metadataURI!: string | undefined | null

    /**
     * fee per inference, wei of native OPEN
     */
    @BigIntColumn_({nullable: true})
    pricePerInference!: bigint | undefined | null

    @IntColumn_({nullable: true})
    currentVersion!: number | undefined | null

    @IntColumn_({nullable: true})
    registeredAtBlock!: number | undefined | null

    @DateTimeColumn_({nullable: true})
    registeredAt!: Date | undefined | null

    @IntColumn_({nullable: false})
    inferenceCount!: number

    @IntColumn_({nullable: false})
    settledCount!: number

    /**
     * inference fees charged (settled inferences), wei
     */
    @BigIntColumn_({nullable: false})
    revenue!: bigint

    /**
     * model owner's share received, wei
     */
    @BigIntColumn_({nullable: false})
    ownerRevenue!: bigint

    /**
     * ModelFund grants received, wei
     */
    @BigIntColumn_({nullable: false})
    fundingReceived!: bigint

    /**
     * upstream royalties kept by this model's versions as a base of fine-tunes (levels >= 1), wei
     */
    @BigIntColumn_({nullable: false})
    upstreamReceived!: bigint

    /**
     * what settlements of this model's fine-tuned versions passed up to their bases (level 0 amount - kept), wei
     */
    @BigIntColumn_({nullable: false})
    upstreamPaid!: bigint

    @OneToMany_(() => ModelVersion, e => e.model)
    versions!: ModelVersion[]

    @OneToMany_(() => Inference, e => e.model)
    inferences!: Inference[]

    @OneToMany_(() => ModelFunding, e => e.model)
    fundings!: ModelFunding[]

    @OneToMany_(() => Agent, e => e.model)
    agents!: Agent[]

    /**
     * the model's share token (at most one: a tokenized model stays in its token)
     */
    @OneToMany_(() => ShareToken, e => e.model)
    shareTokens!: ShareToken[]
}
