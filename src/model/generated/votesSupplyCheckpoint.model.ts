import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, BigIntColumn as BigIntColumn_, Index as Index_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * The votes token's (GOPEN) total supply after a mint or burn: ERC20Votes' supply checkpoints, from which a proposal's quorum at its snapshot follows
 */
@Entity_()
export class VotesSupplyCheckpoint {
    constructor(props?: Partial<VotesSupplyCheckpoint>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex> of the mint or burn, zero padded
     */
    @PrimaryColumn_()
    id!: string

    /**
     * governor clock value: the block timestamp, seconds
     */
    @Index_()
    @BigIntColumn_({nullable: false})
    timepoint!: bigint

    /**
     * GOPEN total supply after this log, wei
     */
    @BigIntColumn_({nullable: false})
    totalSupply!: bigint

    @IntColumn_({nullable: false})
    blockNumber!: number
}
