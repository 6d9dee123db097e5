import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {AnomalyKind} from "./_anomalyKind"

/**
 * An event from an indexed address that could not be indexed as emitted; kept, never dropped silently.
 * Text a log carries is stored escaped when PostgreSQL cannot store it: backslash doubled, NUL and
 * every byte that is not part of valid UTF-8 as \xNN, a lone UTF-16 surrogate as \uDXXX; such a
 * value gets a SANITISED_VALUE anomaly with the field and the original (0x hex of its bytes), so the
 * escape is reversible. An Int fed by an ABI value beyond the Int range is clamped, original kept here.
 */
@Entity_()
export class IndexingAnomaly {
    constructor(props?: Partial<IndexingAnomaly>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex>, zero padded; a log's further anomalies add -1, -2, …
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

    @IntColumn_({nullable: false})
    logIndex!: number

    @StringColumn_({nullable: false})
    txHash!: string

    /**
     * SANITISED_VALUE: the changed value, as <Event>.<argument path> (e.g. DatanetCreated.name, ContributionSubmitted.tags[2])
     */
    @StringColumn_({nullable: true})
    field!: string | undefined | null

    /**
     * SANITISED_VALUE: the value as emitted (text: 0x hex of its bytes; numbers: decimal)
     */
    @StringColumn_({nullable: true})
    original!: string | undefined | null
}
