import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Pool} from "./pool.model"
import {LiquidityEventKind} from "./_liquidityEventKind"

/**
 * Pair Mint (liquidity added) or Burn (removed)
 */
@Entity_()
export class LiquidityEvent {
    constructor(props?: Partial<LiquidityEvent>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Pool, {nullable: true})
    pool!: Pool

    @Column_("varchar", {length: 4, nullable: false})
    kind!: LiquidityEventKind

    /**
     * msg.sender of mint/burn (a router, or the provider itself)
     */
    @StringColumn_({nullable: false})
    sender!: string

    /**
     * Burn: who received the tokens
     */
    @StringColumn_({nullable: true})
    to!: string | undefined | null

    @BigIntColumn_({nullable: false})
    amount0!: bigint

    @BigIntColumn_({nullable: false})
    amount1!: bigint

    /**
     * LP tokens minted to the provider or burnt
     */
    @BigIntColumn_({nullable: false})
    liquidity!: bigint

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
