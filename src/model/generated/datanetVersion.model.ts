import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, IntColumn as IntColumn_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Datanet} from "./datanet.model"

@Entity_()
export class DatanetVersion {
    constructor(props?: Partial<DatanetVersion>) {
        Object.assign(this, props)
    }

    /**
     * <datanetId>-<version>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Datanet, {nullable: true})
    datanet!: Datanet

    @IntColumn_({nullable: false})
    version!: number

    @StringColumn_({nullable: false})
    merkleRoot!: string

    /**
     * accepted contributions in the version (the first N in acceptance order)
     */
    @BigIntColumn_({nullable: false})
    contributionCount!: bigint

    @IntColumn_({nullable: false})
    sealedAtBlock!: number

    @DateTimeColumn_({nullable: false})
    sealedAt!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
