import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {AnomalyKind} from "./_anomalyKind"

/**
 * An event from an indexed address that could not be indexed; kept, never dropped silently
 */
@Entity_()
export class IndexingAnomaly {
    constructor(props?: Partial<IndexingAnomaly>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @Column_("varchar", {length: 18, nullable: false})
    kind!: AnomalyKind

    @StringColumn_({nullable: false})
    contract!: string

    @StringColumn_({nullable: false})
    address!: string

    @StringColumn_({nullable: true})
    topic0!: string | undefined | null

    @StringColumn_({array: true, nullable: false})
    topics!: (string)[]

    @StringColumn_({nullable: false})
    data!: string

    @StringColumn_({nullable: false})
    message!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @StringColumn_({nullable: false})
    txHash!: string
}
