import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, OneToOne as OneToOne_, JoinColumn as JoinColumn_} from "@subsquid/typeorm-store"
import {Model} from "./model.model"
import {ComputeProvider} from "./computeProvider.model"
import {ComputeBond} from "./computeBond.model"
import {Account} from "./account.model"
import {ComputeRequestStatus} from "./_computeRequestStatus"
import {Inference} from "./inference.model"

/**
 * An inference paid to the ComputeMarket for a named provider, with its deadline
 */
@Index_(["provider", "status"], {unique: false})
@Entity_()
export class ComputeRequest {
    constructor(props?: Partial<ComputeRequest>) {
        Object.assign(this, props)
    }

    /**
     * request id
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Model, {nullable: true})
    model!: Model

    @ManyToOne_(() => ComputeProvider, {nullable: true})
    provider!: ComputeProvider

    @Index_()
    @ManyToOne_(() => ComputeBond, {nullable: true})
    bond!: ComputeBond

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    payer!: Account

    /**
     * escrowed fee, wei
     */
    @BigIntColumn_({nullable: false})
    fee!: bigint

    @StringColumn_({nullable: false})
    inputHash!: string

    /**
     * last block in which the provider may fulfil
     */
    @BigIntColumn_({nullable: false})
    deadlineBlock!: bigint

    /**
     * slash for a miss, fixed at the request (at most the bond is taken)
     */
    @BigIntColumn_({nullable: false})
    slashAmount!: bigint

    @Index_()
    @Column_("varchar", {length: 9, nullable: false})
    status!: ComputeRequestStatus

    @IntColumn_({nullable: false})
    requestedAtBlock!: number

    @DateTimeColumn_({nullable: false})
    requestedAt!: Date

    @StringColumn_({nullable: false})
    requestTx!: string

    /**
     * the router inference created at fulfilment
     */
    @Index_({unique: true})
    @OneToOne_(() => Inference, {nullable: true})
    @JoinColumn_()
    inference!: Inference | undefined | null

    @StringColumn_({nullable: true})
    outputHash!: string | undefined | null

    /**
     * FULFILLED: paid by the provider for a price rise since the request, wei
     */
    @BigIntColumn_({nullable: true})
    topUp!: bigint | undefined | null

    /**
     * FULFILLED: fee minus a lower price, back to the payer; MISSED: the whole fee, wei
     */
    @BigIntColumn_({nullable: true})
    refund!: bigint | undefined | null

    /**
     * MISSED: taken from the provider's bond, wei
     */
    @BigIntColumn_({nullable: true})
    slashed!: bigint | undefined | null

    @IntColumn_({nullable: true})
    closedAtBlock!: number | undefined | null

    @StringColumn_({nullable: true})
    closeTx!: string | undefined | null
}
