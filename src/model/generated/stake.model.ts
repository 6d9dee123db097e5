import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {StakeStatus} from "./_stakeStatus"
import {StakeTopUp} from "./stakeTopUp.model"

@Entity_()
export class Stake {
    constructor(props?: Partial<Stake>) {
        Object.assign(this, props)
    }

    /**
     * staking id
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    recipient!: Account | undefined | null

    @Index_()
    @Column_("varchar", {length: 17, nullable: false})
    status!: StakeStatus

    /**
     * amount at opening, token wei
     */
    @BigIntColumn_({nullable: false})
    initialAmount!: bigint

    /**
     * sum of top-ups, token wei
     */
    @BigIntColumn_({nullable: false})
    toppedUp!: bigint

    /**
     * initialAmount + toppedUp (principal put in, interest excluded)
     */
    @BigIntColumn_({nullable: false})
    principal!: bigint

    @StringColumn_({nullable: true})
    commitment!: string | undefined | null

    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @IntColumn_({nullable: true})
    requestedAtBlock!: number | undefined | null

    @IntColumn_({nullable: true})
    unstakedAtBlock!: number | undefined | null

    @OneToMany_(() => StakeTopUp, e => e.stake)
    topUps!: StakeTopUp[]
}
