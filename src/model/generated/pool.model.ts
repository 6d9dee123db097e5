import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, BooleanColumn as BooleanColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {ShareToken} from "./shareToken.model"
import {Swap} from "./swap.model"
import {LiquidityEvent} from "./liquidityEvent.model"
import {LiquidityPosition} from "./liquidityPosition.model"
import {PoolHourData} from "./poolHourData.model"

/**
 * A ShareAmmFactory pair (Uniswap V2 style); amounts in each token's own units
 */
@Entity_()
export class Pool {
    constructor(props?: Partial<Pool>) {
        Object.assign(this, props)
    }

    /**
     * pair address
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    token0!: string

    @Index_()
    @StringColumn_({nullable: false})
    token1!: string

    /**
     * the share token of the pair, when one side is a ModelShares token
     */
    @Index_()
    @ManyToOne_(() => ShareToken, {nullable: true})
    shareToken!: ShareToken | undefined | null

    /**
     * which side the share token is (0 or 1; null: none)
     */
    @IntColumn_({nullable: true})
    shareSide!: number | undefined | null

    /**
     * whether the other side is the manifest's WOPEN (then price and TVL are in WOPEN)
     */
    @BooleanColumn_({nullable: false})
    quotedInWopen!: boolean

    @BigIntColumn_({nullable: false})
    reserve0!: bigint

    @BigIntColumn_({nullable: false})
    reserve1!: bigint

    /**
     * LP tokens in existence (the locked minimum included)
     */
    @BigIntColumn_({nullable: false})
    totalSupply!: bigint

    /**
     * WOPEN wei per 1e18 share units, from the reserves (null: not a share/WOPEN pool or empty)
     */
    @BigIntColumn_({nullable: true})
    price!: bigint | undefined | null

    /**
     * 2 x the WOPEN reserve, wei (null: not quoted in WOPEN)
     */
    @BigIntColumn_({nullable: true})
    tvlWopen!: bigint | undefined | null

    @IntColumn_({nullable: false})
    swapCount!: number

    /**
     * input volume of each side
     */
    @BigIntColumn_({nullable: false})
    volume0!: bigint

    @BigIntColumn_({nullable: false})
    volume1!: bigint

    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @StringColumn_({nullable: false})
    txHash!: string

    @OneToMany_(() => Swap, e => e.pool)
    swaps!: Swap[]

    @OneToMany_(() => LiquidityEvent, e => e.pool)
    liquidityEvents!: LiquidityEvent[]

    @OneToMany_(() => LiquidityPosition, e => e.pool)
    positions!: LiquidityPosition[]

    @OneToMany_(() => PoolHourData, e => e.pool)
    hourData!: PoolHourData[]
}
