import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {ComputeProvider} from "./computeProvider.model"
import {ComputeBond} from "./computeBond.model"
import {ComputeProviderEventKind} from "./_computeProviderEventKind"
import {ComputeRequest} from "./computeRequest.model"

/**
 * History of a provider's stake: bonds, unbonding, withdrawals and slashes for missed deadlines
 */
@Entity_()
export class ComputeProviderEvent {
    constructor(props?: Partial<ComputeProviderEvent>) {
        Object.assign(this, props)
    }

    /**
     * <block>-<logIndex>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => ComputeProvider, {nullable: true})
    provider!: ComputeProvider

    @Index_()
    @ManyToOne_(() => ComputeBond, {nullable: true})
    bond!: ComputeBond

    @Column_("varchar", {length: 9, nullable: false})
    kind!: ComputeProviderEventKind

    @BigIntColumn_({nullable: false})
    amount!: bigint

    /**
     * BONDED: the model bond after the deposit
     */
    @BigIntColumn_({nullable: true})
    bondedAfter!: bigint | undefined | null

    /**
     * UNBONDING: block from which it may be withdrawn
     */
    @BigIntColumn_({nullable: true})
    availableAtBlock!: bigint | undefined | null

    /**
     * SLASHED: the missed request
     */
    @Index_()
    @ManyToOne_(() => ComputeRequest, {nullable: true})
    request!: ComputeRequest | undefined | null

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
