export enum ComputeRequestStatus {
    REQUESTED = "REQUESTED",
    FULFILLED = "FULFILLED",
    MISSED = "MISSED",
}
