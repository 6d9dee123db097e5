export enum ValidatorEventKind {
    BONDED = "BONDED",
    UNBONDING = "UNBONDING",
    WITHDRAWN = "WITHDRAWN",
    SLASHED = "SLASHED",
}
