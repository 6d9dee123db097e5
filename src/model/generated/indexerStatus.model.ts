import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * Single row, id 'processor': where indexing stands
 */
@Entity_()
export class IndexerStatus {
    constructor(props?: Partial<IndexerStatus>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @IntColumn_({nullable: false})
    height!: number

    @StringColumn_({nullable: false})
    hash!: string

    @IntColumn_({nullable: false})
    chainHeight!: number

    @IntColumn_({nullable: true})
    finalizedHeight!: number | undefined | null

    @IntColumn_({nullable: false})
    lag!: number

    @BigIntColumn_({nullable: false})
    eventsIndexed!: bigint

    @IntColumn_({nullable: false})
    anomalies!: number

    /**
     * logs skipped because their transaction could not be written (each has a WRITE_FAILED anomaly)
     */
    @IntColumn_({nullable: false})
    skippedLogs!: number

    /**
     * block of the last skipped log
     */
    @IntColumn_({nullable: true})
    lastSkippedBlock!: number | undefined | null

    /**
     * why the last logs were skipped (the database's error)
     */
    @StringColumn_({nullable: true})
    lastSkipReason!: string | undefined | null

    /**
     * block time of block `height` (the governor's clock at the indexed head: see Proposal)
     */
    @DateTimeColumn_({nullable: false})
    updatedAt!: Date
}
