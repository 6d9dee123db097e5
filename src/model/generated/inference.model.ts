import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, OneToOne as OneToOne_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Model} from "./model.model"
import {Account} from "./account.model"
import {InferenceStatus} from "./_inferenceStatus"
import {Settlement} from "./settlement.model"
import {AuditReport} from "./auditReport.model"
import {AgentAction} from "./agentAction.model"
import {ComputeRequest} from "./computeRequest.model"

@Index_(["model", "status", "requestedAtBlock"], {unique: false})
@Index_(["caller", "requestedAtBlock"], {unique: false})
@Entity_()
export class Inference {
    constructor(props?: Partial<Inference>) {
        Object.assign(this, props)
    }

    /**
     * inference id
     */
    @PrimaryColumn_()
    id!: string

    @ManyToOne_(() => Model, {nullable: true})
    model!: Model

    @IntColumn_({nullable: false})
    modelVersion!: number

    @ManyToOne_(() => Account, {nullable: true})
    caller!: Account

    /**
     * fee escrowed, wei
     */
    @BigIntColumn_({nullable: false})
    fee!: bigint

    @StringColumn_({nullable: false})
    inputHash!: string

    @StringColumn_({nullable: true})
    outputHash!: string | undefined | null

    @Index_()
    @Column_("varchar", {length: 9, nullable: false})
    status!: InferenceStatus

    @Index_()
    @IntColumn_({nullable: false})
    requestedAtBlock!: number

    @DateTimeColumn_({nullable: false})
    requestedAt!: Date

    @StringColumn_({nullable: false})
    requestTx!: string

    /**
     * gas used by the request transaction
     */
    @BigIntColumn_({nullable: true})
    gasUsed!: bigint | undefined | null

    /**
     * effective gas price of the request transaction, wei
     */
    @BigIntColumn_({nullable: true})
    gasPrice!: bigint | undefined | null

    /**
     * OP-stack L1 data fee of the request transaction, wei
     */
    @BigIntColumn_({nullable: true})
    l1Fee!: bigint | undefined | null

    @IntColumn_({nullable: true})
    fulfilledAtBlock!: number | undefined | null

    @StringColumn_({nullable: true})
    fulfilTx!: string | undefined | null

    @IntColumn_({nullable: true})
    settledAtBlock!: number | undefined | null

    @IntColumn_({nullable: true})
    cancelledAtBlock!: number | undefined | null

    @BigIntColumn_({nullable: true})
    refund!: bigint | undefined | null

    @OneToOne_(() => Settlement, e => e.inference)
    settlement!: Settlement | undefined | null

    @OneToMany_(() => AuditReport, e => e.inference)
    auditReports!: AuditReport[]

    /**
     * the agent action that caused this inference (null: requested directly)
     */
    @OneToOne_(() => AgentAction, e => e.inference)
    agentAction!: AgentAction | undefined | null

    /**
     * the ComputeMarket request this inference served (its caller is then the market)
     */
    @OneToOne_(() => ComputeRequest, e => e.inference)
    computeRequest!: ComputeRequest | undefined | null
}
