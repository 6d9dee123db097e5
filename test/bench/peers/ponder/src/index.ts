import { ponder } from 'ponder:registry'
import { balance, contribution, contributionReward, settlement, transfer } from 'ponder:schema'

const ZERO = '0x0000000000000000000000000000000000000000'

type Db = Parameters<Parameters<typeof ponder.on>[1]>[0]['context']['db']

/** Adds `delta` to an account's balance of `token` (the zero address is mint/burn, not a holder). */
async function move(db: Db, token: string, account: `0x${string}`, delta: bigint) {
  if (account.toLowerCase() === ZERO) return
  await db
    .insert(balance)
    .values({ token, account: account.toLowerCase() as `0x${string}`, amount: delta })
    .onConflictDoUpdate((row) => ({ amount: row.amount + delta }))
}

/** An ERC-20 Transfer: the transfer row and both balances. */
async function onTransfer(
  token: string,
  from: `0x${string}`,
  to: `0x${string}`,
  amount: bigint,
  event: { block: { number: bigint }; log: { logIndex: number }; transaction: { hash: `0x${string}` } },
  db: Db,
) {
  const block = Number(event.block.number)
  await db.insert(transfer).values({
    id: `${block}-${event.log.logIndex}`,
    token,
    from: from.toLowerCase() as `0x${string}`,
    to: to.toLowerCase() as `0x${string}`,
    amount,
    blockNumber: block,
    logIndex: event.log.logIndex,
    txHash: event.transaction.hash,
  })
  await move(db, token, from, -amount)
  await move(db, token, to, amount)
}

ponder.on('WOPEN:Transfer', async ({ event, context }) => {
  await onTransfer('WOPEN', event.args.src, event.args.dst, event.args.wad, event, context.db)
})

// WETH9-style: deposits and withdrawals mint and burn without a Transfer event.
ponder.on('WOPEN:Deposit', async ({ event, context }) => {
  await move(context.db, 'WOPEN', event.args.dst, event.args.wad)
})

ponder.on('WOPEN:Withdrawal', async ({ event, context }) => {
  await move(context.db, 'WOPEN', event.args.src, -event.args.wad)
})

// GOPEN (ERC20Wrapper): deposits and withdrawals emit Transfer from / to the zero address.
ponder.on('GOPEN:Transfer', async ({ event, context }) => {
  await onTransfer('GOPEN', event.args.from, event.args.to, event.args.value, event, context.db)
})

ponder.on('DatanetRegistry:ContributionSubmitted', async ({ event, context }) => {
  await context.db.insert(contribution).values({
    id: event.args.contributionId,
    datanetId: event.args.datanetId,
    contributor: event.args.contributor.toLowerCase() as `0x${string}`,
    contentHash: event.args.contentHash,
    size: event.args.size,
    status: 'pending',
    submittedAtBlock: Number(event.block.number),
  })
})

ponder.on('DatanetRegistry:ContributionReviewed', async ({ event, context }) => {
  await context.db
    .update(contribution, { id: event.args.contributionId })
    .set({ status: event.args.accepted ? 'accepted' : 'rejected' })
})

ponder.on('InferenceRouter:InferenceSettled', async ({ event, context }) => {
  await context.db.insert(settlement).values({
    inferenceId: event.args.inferenceId,
    validator: event.args.validator.toLowerCase() as `0x${string}`,
    protocolAmount: event.args.protocolAmount,
    modelOwnerAmount: event.args.modelOwnerAmount,
    stakersAmount: event.args.stakersAmount,
    contributorsAmount: event.args.contributorsAmount,
    dust: event.args.dust,
    blockNumber: Number(event.block.number),
    txHash: event.transaction.hash,
  })
})

ponder.on('InferenceRouter:ContributionRewarded', async ({ event, context }) => {
  await context.db.insert(contributionReward).values({
    inferenceId: event.args.inferenceId,
    contributionId: event.args.contributionId,
    contributor: event.args.contributor.toLowerCase() as `0x${string}`,
    amount: event.args.amount,
    weightPpm: Number(event.args.weightPpm),
    blockNumber: Number(event.block.number),
  })
})
