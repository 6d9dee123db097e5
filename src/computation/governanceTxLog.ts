/**
 * What the governance handlers learn about each transaction of a batch, in log order: the timelock
 * operations it scheduled (linked to the proposal its `ProposalQueued` names) and the proposal each
 * execution belongs to (so a `ModelFunded` paid by that execution is linked to it). A transaction
 * never spans batches, so what is recorded about one is complete when the batch's after-main-pass tasks run.
 *
 * @example
 * log.executed('0xtx', 7, '42'); log.executionAfter('0xtx', 5) // '42'
 */
export class GovernanceTxLog {
  readonly #scheduled = new Map<string, string[]>()
  readonly #executions = new Map<string, { logIndex: number; proposalId: string }[]>()

  /** A timelock operation scheduled by `txHash` (each of its calls reports it once). */
  scheduled(txHash: string, operationId: string): void {
    const list = this.#scheduled.get(txHash) ?? []
    if (!list.includes(operationId)) list.push(operationId)
    this.#scheduled.set(txHash, list)
  }

  /** The operations scheduled by `txHash` since the last call: those of the proposal queued now. */
  takeScheduled(txHash: string): string[] {
    const list = this.#scheduled.get(txHash) ?? []
    this.#scheduled.delete(txHash)
    return list
  }

  /** A call of proposal `proposalId` ran (timelock `CallExecuted`) or it completed (`ProposalExecuted`). */
  executed(txHash: string, logIndex: number, proposalId: string): void {
    const list = this.#executions.get(txHash) ?? []
    list.push({ logIndex, proposalId })
    this.#executions.set(txHash, list)
  }

  /**
   * The proposal whose execution emitted the log at `logIndex`: the first execution reported after
   * it in the same transaction (the timelock reports a call after the call's own events, the
   * governor the proposal after all of its calls).
   */
  executionAfter(txHash: string, logIndex: number): string | undefined {
    let best: { logIndex: number; proposalId: string } | undefined
    for (const e of this.#executions.get(txHash) ?? [])
      if (e.logIndex > logIndex && (!best || e.logIndex < best.logIndex)) best = e
    return best?.proposalId
  }
}
