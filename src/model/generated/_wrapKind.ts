export enum WrapKind {
    WRAP = "WRAP",
    UNWRAP = "UNWRAP",
}
