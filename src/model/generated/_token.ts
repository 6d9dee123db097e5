export enum Token {
    OPEN = "OPEN",
    WOPEN = "WOPEN",
    GOPEN = "GOPEN",
}
