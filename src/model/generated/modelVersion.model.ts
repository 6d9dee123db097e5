import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, IntColumn as IntColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Model} from "./model.model"
import {UpstreamRoyalty} from "./upstreamRoyalty.model"

@Entity_()
export class ModelVersion {
    constructor(props?: Partial<ModelVersion>) {
        Object.assign(this, props)
    }

    /**
     * <modelId>-<version>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Model, {nullable: true})
    model!: Model

    @IntColumn_({nullable: false})
    version!: number

    @Index_()
    @StringColumn_({nullable: false})
    artifactHash!: string

    @StringColumn_({nullable: false})
    attributionMethod!: string

    /**
     * datanet ids (decimal)
     */
    @StringColumn_({array: true, nullable: false})
    datanetIds!: (string)[]

    @IntColumn_({array: true, nullable: false})
    datanetVersions!: (number)[]

    /**
     * DatanetVersion ids trained on, <datanetId>-<version>
     */
    @StringColumn_({array: true, nullable: false})
    datanetVersionIds!: (string)[]

    @IntColumn_({nullable: false})
    publishedAtBlock!: number

    @DateTimeColumn_({nullable: false})
    publishedAt!: Date

    @StringColumn_({nullable: false})
    txHash!: string

    /**
     * the version it was fine-tuned from (null: not fine-tuned); its own datanet versions are the fine-tune data
     */
    @Index_()
    @ManyToOne_(() => ModelVersion, {nullable: true})
    base!: ModelVersion | undefined | null

    /**
     * bases above it (0: not fine-tuned)
     */
    @IntColumn_({nullable: true})
    lineageDepth!: number | undefined | null

    @OneToMany_(() => ModelVersion, e => e.base)
    fineTunes!: ModelVersion[]

    @OneToMany_(() => UpstreamRoyalty, e => e.modelVersion)
    upstreamRoyalties!: UpstreamRoyalty[]
}
