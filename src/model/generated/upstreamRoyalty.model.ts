import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Settlement} from "./settlement.model"
import {Inference} from "./inference.model"
import {Model} from "./model.model"
import {ModelVersion} from "./modelVersion.model"

/**
 * One level of a lineage settlement (settleWithLineage): level 0 is the fine-tuned version itself, level L + 1 the base of level L
 */
@Index_(["fineTunedModel", "level"], {unique: false})
@Entity_()
export class UpstreamRoyalty {
    constructor(props?: Partial<UpstreamRoyalty>) {
        Object.assign(this, props)
    }

    /**
     * <inferenceId>-<level>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Settlement, {nullable: true})
    settlement!: Settlement

    @Index_()
    @ManyToOne_(() => Inference, {nullable: true})
    inference!: Inference

    @IntColumn_({nullable: false})
    level!: number

    /**
     * model whose version's training set this level pays
     */
    @Index_()
    @ManyToOne_(() => Model, {nullable: true})
    model!: Model

    /**
     * that version (null if the indexer never saw it published)
     */
    @Index_()
    @ManyToOne_(() => ModelVersion, {nullable: true})
    modelVersion!: ModelVersion | undefined | null

    @IntColumn_({nullable: false})
    version!: number

    /**
     * model of the settled inference (the fine-tune, level 0)
     */
    @ManyToOne_(() => Model, {nullable: true})
    fineTunedModel!: Model

    /**
     * what reached this level: the contributors' pool at level 0, the royalty from the level below otherwise, wei
     */
    @BigIntColumn_({nullable: false})
    amount!: bigint

    /**
     * what stayed with this level's contributors (amount minus what went on up), wei
     */
    @BigIntColumn_({nullable: false})
    kept!: bigint

    /**
     * sum of this level's contribution rewards (kept - paid is dust), wei
     */
    @BigIntColumn_({nullable: false})
    paid!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @IntColumn_({nullable: false})
    logIndex!: number

    @StringColumn_({nullable: false})
    txHash!: string
}
