export enum ComputeProviderEventKind {
    BONDED = "BONDED",
    UNBONDING = "UNBONDING",
    WITHDRAWN = "WITHDRAWN",
    SLASHED = "SLASHED",
}
