export enum ComputeStakeStatus {
    BONDED = "BONDED",
    UNBONDING = "UNBONDING",
    EXITED = "EXITED",
}
