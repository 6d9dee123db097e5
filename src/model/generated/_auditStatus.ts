export enum AuditStatus {
    VERIFIED = "VERIFIED",
    MISMATCH = "MISMATCH",
    UNVERIFIABLE = "UNVERIFIABLE",
}
