import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {ProposalStatus} from "./_proposalStatus"
import {ProposalAction} from "./proposalAction.model"
import {Vote} from "./vote.model"
import {TimelockOperation} from "./timelockOperation.model"
import {ModelFunding} from "./modelFunding.model"

/**
 * A governor proposal. voteStart (the snapshot) and voteEnd (the deadline) are governor clock values:
 * GOPEN's clock is the block timestamp, in seconds. The API adds fields computed at query time at the
 * indexed head (IndexerStatus.height, its block time IndexerStatus.updatedAt), equal to the governor's
 * view at that block: state (ProposalState, as governor.state(id)), quorum (votes needed, from
 * VotesSupplyCheckpoint and QuorumNumeratorChange at the snapshot; null until the snapshot has passed)
 * and quorumReached (forVotes + abstainVotes >= quorum). See src/api/README.md.
 */
@Entity_()
export class Proposal {
    constructor(props?: Partial<Proposal>) {
        Object.assign(this, props)
    }

    /**
     * proposal id (decimal)
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    proposer!: Account

    @StringColumn_({nullable: false})
    description!: string

    @BigIntColumn_({nullable: false})
    voteStart!: bigint

    @BigIntColumn_({nullable: false})
    voteEnd!: bigint

    @Index_()
    @Column_("varchar", {length: 8, nullable: false})
    status!: ProposalStatus

    @BigIntColumn_({nullable: false})
    forVotes!: bigint

    @BigIntColumn_({nullable: false})
    againstVotes!: bigint

    @BigIntColumn_({nullable: false})
    abstainVotes!: bigint

    @IntColumn_({nullable: false})
    voteCount!: number

    /**
     * accounts that voted for (each account votes once per proposal)
     */
    @IntColumn_({nullable: false})
    forVoters!: number

    /**
     * accounts that voted against
     */
    @IntColumn_({nullable: false})
    againstVoters!: number

    /**
     * accounts that abstained
     */
    @IntColumn_({nullable: false})
    abstainVoters!: number

    /**
     * timelock eta when queued
     */
    @BigIntColumn_({nullable: true})
    eta!: bigint | undefined | null

    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @IntColumn_({nullable: true})
    queuedAtBlock!: number | undefined | null

    @IntColumn_({nullable: true})
    executedAtBlock!: number | undefined | null

    @IntColumn_({nullable: true})
    canceledAtBlock!: number | undefined | null

    @StringColumn_({nullable: false})
    txHash!: string

    @OneToMany_(() => ProposalAction, e => e.proposal)
    actions!: ProposalAction[]

    @OneToMany_(() => Vote, e => e.proposal)
    votes!: Vote[]

    /**
     * the timelock operation its queue scheduled
     */
    @OneToMany_(() => TimelockOperation, e => e.proposal)
    timelockOperations!: TimelockOperation[]

    /**
     * ModelFund grants its execution paid
     */
    @OneToMany_(() => ModelFunding, e => e.proposal)
    fundings!: ModelFunding[]
}
