export enum LiquidityEventKind {
    MINT = "MINT",
    BURN = "BURN",
}
