export enum ProposalStatus {
    PENDING = "PENDING",
    QUEUED = "QUEUED",
    EXECUTED = "EXECUTED",
    CANCELED = "CANCELED",
}
