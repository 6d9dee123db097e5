import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {Datanet} from "./datanet.model"

/**
 * Running total: contributor rewards earned per (contributor, datanet)
 */
@Entity_()
export class ContributorDatanetTotal {
    constructor(props?: Partial<ContributorDatanetTotal>) {
        Object.assign(this, props)
    }

    /**
     * <contributor>-<datanetId>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    contributor!: Account

    @Index_()
    @ManyToOne_(() => Datanet, {nullable: true})
    datanet!: Datanet

    @BigIntColumn_({nullable: false})
    earned!: bigint

    @IntColumn_({nullable: false})
    rewardCount!: number
}
