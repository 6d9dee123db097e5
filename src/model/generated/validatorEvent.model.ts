import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Validator} from "./validator.model"
import {ValidatorEventKind} from "./_validatorEventKind"

@Entity_()
export class ValidatorEvent {
    constructor(props?: Partial<ValidatorEvent>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Validator, {nullable: true})
    validator!: Validator

    @Column_("varchar", {length: 9, nullable: false})
    kind!: ValidatorEventKind

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @BigIntColumn_({nullable: true})
    totalBonded!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    availableAt!: bigint | undefined | null

    @StringColumn_({nullable: true})
    evidenceHash!: string | undefined | null

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    txHash!: string
}
