export enum InferenceStatus {
    REQUESTED = "REQUESTED",
    FULFILLED = "FULFILLED",
    SETTLED = "SETTLED",
    CANCELLED = "CANCELLED",
}
