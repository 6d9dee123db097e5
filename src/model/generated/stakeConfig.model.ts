import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

@Entity_()
export class StakeConfig {
    constructor(props?: Partial<StakeConfig>) {
        Object.assign(this, props)
    }

    /**
     * config id
     */
    @PrimaryColumn_()
    id!: string

    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @IntColumn_({nullable: false})
    updatedAtBlock!: number

    @IntColumn_({nullable: false})
    updateCount!: number
}
