import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BooleanColumn as BooleanColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Datanet} from "./datanet.model"
import {Account} from "./account.model"

@Entity_()
export class DatanetCurator {
    constructor(props?: Partial<DatanetCurator>) {
        Object.assign(this, props)
    }

    /**
     * <datanetId>-<curator>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Datanet, {nullable: true})
    datanet!: Datanet

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    curator!: Account

    @BooleanColumn_({nullable: false})
    enabled!: boolean

    @IntColumn_({nullable: false})
    updatedAtBlock!: number
}
