import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, BigIntColumn as BigIntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {Contribution} from "./contribution.model"
import {DatanetVersion} from "./datanetVersion.model"
import {DatanetCurator} from "./datanetCurator.model"

@Entity_()
export class Datanet {
    constructor(props?: Partial<Datanet>) {
        Object.assign(this, props)
    }

    /**
     * datanet id (ERC-721 token id)
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

    @IntColumn_({nullable: true})
    createdAtBlock!: number | undefined | null

    @DateTimeColumn_({nullable: true})
    createdAt!: Date | undefined | null

    @IntColumn_({nullable: false})
    contributionCount!: number

    @IntColumn_({nullable: false})
    acceptedCount!: number

    @IntColumn_({nullable: false})
    rejectedCount!: number

    @IntColumn_({nullable: false})
    versionCount!: number

    /**
     * contributor rewards paid for this datanet's contributions, wei
     */
    @BigIntColumn_({nullable: false})
    contributorRewards!: bigint

    @OneToMany_(() => Contribution, e => e.datanet)
    contributions!: Contribution[]

    @OneToMany_(() => DatanetVersion, e => e.datanet)
    versions!: DatanetVersion[]

    @OneToMany_(() => DatanetCurator, e => e.datanet)
    curators!: DatanetCurator[]
}
