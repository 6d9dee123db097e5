import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, JSONColumn as JSONColumn_} from "@subsquid/typeorm-store"
import {Inference} from "./inference.model"
import {AuditStatus} from "./_auditStatus"

/**
 * Filled by the attribution auditor, not by the processor
 */
@Entity_()
export class AuditReport {
    constructor(props?: Partial<AuditReport>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Inference, {nullable: true})
    inference!: Inference

    @Index_()
    @Column_("varchar", {length: 12, nullable: false})
    status!: AuditStatus

    @StringColumn_({nullable: true})
    reason!: string | undefined | null

    @IntColumn_({nullable: true})
    maxDeviationPpm!: number | undefined | null

    @StringColumn_({nullable: true})
    firstOffendingContribution!: string | undefined | null

    /**
     * execution provider used (cpu, cuda)
     */
    @StringColumn_({nullable: true})
    device!: string | undefined | null

    /**
     * hash of the canonical report document
     */
    @StringColumn_({nullable: false})
    reportHash!: string

    @StringColumn_({nullable: true})
    method!: string | undefined | null

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @JSONColumn_({nullable: true})
    details!: unknown | undefined | null
}
