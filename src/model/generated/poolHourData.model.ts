import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, DateTimeColumn as DateTimeColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Pool} from "./pool.model"

/**
 * One hour of a pool (UTC, block time): OHLC of Pool.price over its Syncs, reserves and TVL at close
 */
@Entity_()
export class PoolHourData {
    constructor(props?: Partial<PoolHourData>) {
        Object.assign(this, props)
    }

    /**
     * <pair>-<hour index since epoch>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Pool, {nullable: true})
    pool!: Pool

    @DateTimeColumn_({nullable: false})
    hourStart!: Date

    @BigIntColumn_({nullable: true})
    open!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    high!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    low!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    close!: bigint | undefined | null

    @BigIntColumn_({nullable: false})
    reserve0!: bigint

    @BigIntColumn_({nullable: false})
    reserve1!: bigint

    @BigIntColumn_({nullable: true})
    tvlWopen!: bigint | undefined | null

    @BigIntColumn_({nullable: false})
    volume0!: bigint

    @BigIntColumn_({nullable: false})
    volume1!: bigint

    @IntColumn_({nullable: false})
    swapCount!: number
}
