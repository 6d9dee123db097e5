import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Token} from "./_token"

/**
 * Aggregate per token, id = token symbol
 */
@Entity_()
export class TokenSupply {
    constructor(props?: Partial<TokenSupply>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 5, nullable: false})
    token!: Token

    /**
     * minted minus burned, wei
     */
    @BigIntColumn_({nullable: false})
    totalSupply!: bigint

    @BigIntColumn_({nullable: false})
    wrapped!: bigint

    @BigIntColumn_({nullable: false})
    unwrapped!: bigint

    @IntColumn_({nullable: false})
    transferCount!: number
}
