import { type EvmOnEventContext, indexer } from 'envio'

const ZERO = '0x0000000000000000000000000000000000000000'

type Ctx = EvmOnEventContext

/** Adds `delta` to an account's balance of `token` (the zero address is mint/burn, not a holder). */
async function move(context: Ctx, token: string, account: string, delta: bigint) {
  if (account === ZERO) return
  const id = `${token}-${account}`
  const row = await context.Balance.get(id)
  context.Balance.set({ id, token, account, amount: (row?.amount ?? 0n) + delta })
}

/** An ERC-20 Transfer: the transfer row and both balances. */
async function onTransfer(
  context: Ctx,
  token: string,
  from: string,
  to: string,
  amount: bigint,
  event: { block: { number: number }; logIndex: number; transaction: { hash: string } },
) {
  context.Transfer.set({
    id: `${event.block.number}-${event.logIndex}`,
    token,
    from,
    to,
    amount,
    blockNumber: event.block.number,
    logIndex: event.logIndex,
    txHash: event.transaction.hash,
  })
  await move(context, token, from, -amount)
  await move(context, token, to, amount)
}

indexer.onEvent(
  { contract: 'WOPEN', event: 'Transfer', fields: { transaction: ['hash'] } },
  async ({ event, context }) => {
    await onTransfer(context, 'WOPEN', event.params.src, event.params.dst, event.params.wad, event)
  },
)

// WETH9-style: deposits and withdrawals mint and burn without a Transfer event.
indexer.onEvent({ contract: 'WOPEN', event: 'Deposit' }, async ({ event, context }) => {
  await move(context, 'WOPEN', event.params.dst, event.params.wad)
})

indexer.onEvent({ contract: 'WOPEN', event: 'Withdrawal' }, async ({ event, context }) => {
  await move(context, 'WOPEN', event.params.src, -event.params.wad)
})

// GOPEN (ERC20Wrapper): deposits and withdrawals emit Transfer from / to the zero address.
indexer.onEvent(
  { contract: 'GOPEN', event: 'Transfer', fields: { transaction: ['hash'] } },
  async ({ event, context }) => {
    await onTransfer(context, 'GOPEN', event.params.from, event.params.to, event.params.value, event)
  },
)

indexer.onEvent(
  { contract: 'DatanetRegistry', event: 'ContributionSubmitted' },
  async ({ event, context }) => {
    context.Contribution.set({
      id: event.params.contributionId.toString(),
      datanetId: event.params.datanetId,
      contributor: event.params.contributor,
      contentHash: event.params.contentHash,
      size: event.params.size,
      status: 'pending',
      submittedAtBlock: event.block.number,
    })
  },
)

indexer.onEvent(
  { contract: 'DatanetRegistry', event: 'ContributionReviewed' },
  async ({ event, context }) => {
    const row = await context.Contribution.get(event.params.contributionId.toString())
    if (!row) return
    context.Contribution.set({ ...row, status: event.params.accepted ? 'accepted' : 'rejected' })
  },
)

indexer.onEvent(
  { contract: 'InferenceRouter', event: 'InferenceSettled', fields: { transaction: ['hash'] } },
  async ({ event, context }) => {
    context.Settlement.set({
      id: event.params.inferenceId.toString(),
      validator: event.params.validator,
      protocolAmount: event.params.protocolAmount,
      modelOwnerAmount: event.params.modelOwnerAmount,
      stakersAmount: event.params.stakersAmount,
      contributorsAmount: event.params.contributorsAmount,
      dust: event.params.dust,
      blockNumber: event.block.number,
      txHash: event.transaction.hash,
    })
  },
)

indexer.onEvent(
  { contract: 'InferenceRouter', event: 'ContributionRewarded' },
  async ({ event, context }) => {
    context.ContributionReward.set({
      id: `${event.params.inferenceId}-${event.params.contributionId}`,
      inferenceId: event.params.inferenceId,
      contributionId: event.params.contributionId,
      contributor: event.params.contributor,
      amount: event.params.amount,
      weightPpm: Number(event.params.weightPpm),
      blockNumber: event.block.number,
    })
  },
)
