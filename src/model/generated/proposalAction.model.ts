import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, IntColumn as IntColumn_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, JSONColumn as JSONColumn_} from "@subsquid/typeorm-store"
import {Proposal} from "./proposal.model"

/**
 * One call of a proposal, decoded when the target is a known contract
 */
@Entity_()
export class ProposalAction {
    constructor(props?: Partial<ProposalAction>) {
        Object.assign(this, props)
    }

    /**
     * <proposalId>-<index>
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Proposal, {nullable: true})
    proposal!: Proposal

    @IntColumn_({nullable: false})
    index!: number

    @StringColumn_({nullable: false})
    target!: string

    @BigIntColumn_({nullable: false})
    value!: bigint

    @StringColumn_({nullable: false})
    calldata!: string

    @StringColumn_({nullable: false})
    signature!: string

    /**
     * manifest name of the target, when it is an indexed contract
     */
    @StringColumn_({nullable: true})
    contract!: string | undefined | null

    @StringColumn_({nullable: true})
    functionName!: string | undefined | null

    /**
     * decoded arguments (bigints as decimal strings)
     */
    @JSONColumn_({nullable: true})
    args!: unknown | undefined | null

    /**
     * human summary, e.g. 'fund model 3 with 1000 OPEN'
     */
    @StringColumn_({nullable: true})
    summary!: string | undefined | null
}
