import { index, onchainTable, primaryKey } from 'ponder'

// The comparable tables (see ../README.md): same columns as the product's, names in Ponder style.

export const transfer = onchainTable('transfer', (t) => ({
  id: t.text().primaryKey(),
  token: t.text().notNull(),
  from: t.hex().notNull(),
  to: t.hex().notNull(),
  amount: t.bigint().notNull(),
  blockNumber: t.integer().notNull(),
  logIndex: t.integer().notNull(),
  txHash: t.hex().notNull(),
}))

export const balance = onchainTable(
  'balance',
  (t) => ({
    token: t.text().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.token, table.account] }) }),
)

export const contribution = onchainTable(
  'contribution',
  (t) => ({
    id: t.bigint().primaryKey(),
    datanetId: t.bigint().notNull(),
    contributor: t.hex().notNull(),
    contentHash: t.hex().notNull(),
    size: t.bigint().notNull(),
    status: t.text().notNull(),
    submittedAtBlock: t.integer().notNull(),
  }),
  (table) => ({ datanetIdx: index().on(table.datanetId) }),
)

export const settlement = onchainTable('settlement', (t) => ({
  inferenceId: t.bigint().primaryKey(),
  validator: t.hex().notNull(),
  protocolAmount: t.bigint().notNull(),
  modelOwnerAmount: t.bigint().notNull(),
  stakersAmount: t.bigint().notNull(),
  contributorsAmount: t.bigint().notNull(),
  dust: t.bigint().notNull(),
  blockNumber: t.integer().notNull(),
  txHash: t.hex().notNull(),
}))

export const contributionReward = onchainTable(
  'contribution_reward',
  (t) => ({
    inferenceId: t.bigint().notNull(),
    contributionId: t.bigint().notNull(),
    contributor: t.hex().notNull(),
    amount: t.bigint().notNull(),
    weightPpm: t.integer().notNull(),
    blockNumber: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.inferenceId, table.contributionId] }) }),
)
