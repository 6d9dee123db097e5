import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {ValidatorEvent} from "./validatorEvent.model"

@Entity_()
export class Validator {
    constructor(props?: Partial<Validator>) {
        Object.assign(this, props)
    }

    /**
     * validator address
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    account!: Account

    /**
     * currently bonded, wei
     */
    @BigIntColumn_({nullable: false})
    bonded!: bigint

    /**
     * waiting out the unbonding delay, wei
     */
    @BigIntColumn_({nullable: false})
    unbonding!: bigint

    @BigIntColumn_({nullable: true})
    unbondingAvailableAt!: bigint | undefined | null

    @BigIntColumn_({nullable: false})
    withdrawn!: bigint

    @BigIntColumn_({nullable: false})
    slashed!: bigint

    @IntColumn_({nullable: false})
    slashCount!: number

    @IntColumn_({nullable: false})
    settlementCount!: number

    @OneToMany_(() => ValidatorEvent, e => e.validator)
    events!: ValidatorEvent[]
}
