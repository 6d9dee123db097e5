import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROPOSAL_STATE_CASE, proposalViewSql } from '../../src/api/resolvers/proposalStateSql'
import { applyMigrations } from '../../src/db/applyMigrations'
import { MIGRATIONS_DIR } from '../../src/db/createDataSource'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'

// The boundaries of OZ Governor 5's state() (GovernorTimelockControl, CountingSimple,
// VotesQuorumFraction) at a head whose clock is 1000: each row is the rule that decides it.
// Supply 1,000 from timepoint 10 then 2,000 from 500; numerator 10 % from 10 then 20 % from 500.
const CLOCK = 1000
type Case = [
  name: string,
  p: { start: number; end: number; f: number; a: number; s: number; status?: string; eta?: number },
  state: string | null,
  quorum: string | null,
]
const CASES: Case[] = [
  ['snapshot at the clock: Pending', { start: 1000, end: 2000, f: 0, a: 0, s: 0 }, 'PENDING', null],
  [
    'snapshot before, deadline at the clock: Active',
    { start: 999, end: 1000, f: 0, a: 0, s: 0 },
    'ACTIVE',
    '400',
  ],
  [
    'quorum met exactly, for > against: Succeeded',
    { start: 100, end: 200, f: 60, a: 0, s: 40 },
    'SUCCEEDED',
    '100',
  ],
  ['quorum missed by one: Defeated', { start: 100, end: 200, f: 60, a: 0, s: 39 }, 'DEFEATED', '100'],
  ['for = against: Defeated', { start: 100, end: 200, f: 100, a: 100, s: 0 }, 'DEFEATED', '100'],
  [
    'snapshot at a checkpoint: its values count',
    { start: 500, end: 600, f: 399, a: 0, s: 0 },
    'DEFEATED',
    '400',
  ],
  [
    'queued (eta set): Queued',
    { start: 100, end: 200, f: 100, a: 0, s: 0, status: 'QUEUED', eta: 900 },
    'QUEUED',
    '100',
  ],
  [
    'executed beats the clock',
    { start: 1000, end: 2000, f: 0, a: 0, s: 0, status: 'EXECUTED' },
    'EXECUTED',
    null,
  ],
  [
    'canceled beats the clock',
    { start: 100, end: 200, f: 0, a: 0, s: 0, status: 'CANCELED' },
    'CANCELED',
    '100',
  ],
  ['snapshot before any numerator: unknown', { start: 5, end: 200, f: 100, a: 0, s: 0 }, null, null],
]

let db: TestDatabase

beforeAll(async () => {
  db = await setupDatabase()
}, 60_000)

afterAll(async () => {
  await db?.stop()
})

describe('proposalViewSql', () => {
  it('computes state and quorum as the governor does, at the boundaries', async () => {
    await applyMigrations(db.settings)
    await db.query(`INSERT INTO account (id, open_balance, wopen_balance, gopen_balance, voting_power, contribution_count,
      contributor_earned, inference_count, inference_fees_paid, gas_used, tx_fees_paid, first_seen_block)
      VALUES ('0xa', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)`)
    await db.query(`INSERT INTO votes_supply_checkpoint (id, timepoint, total_supply, block_number) VALUES
      ('0000000001-000000', 10, 1000, 1), ('0000000050-000000', 500, 2000, 50)`)
    await db.query(`INSERT INTO quorum_numerator_change (id, timepoint, old_numerator, new_numerator, block_number, tx_hash)
      VALUES ('0000000001-000001', 10, 0, 10, 1, '0x1'), ('0000000050-000001', 500, 10, 20, 50, '0x2')`)
    await db.query(`INSERT INTO indexer_status (id, height, hash, chain_height, lag, events_indexed, anomalies, skipped_logs, updated_at)
      VALUES ('processor', 77, '0xh', 77, 0, 0, 0, 0, to_timestamp(${CLOCK}))`)
    for (const [i, [, c]] of CASES.entries())
      await db.query(
        `INSERT INTO proposal (id, proposer_id, description, vote_start, vote_end, status, for_votes, against_votes,
          abstain_votes, vote_count, for_voters, against_voters, abstain_voters, eta, created_at_block, created_at, tx_hash)
         VALUES ($1, '0xa', '', $2, $3, $4, $5, $6, $7, 0, 0, 0, 0, $8, 1, now(), '0x')`,
        [String(i), c.start, c.end, c.status ?? 'PENDING', c.f, c.a, c.s, c.eta ?? null],
      )
    const rows = await db.query<Record<string, unknown>>(
      `SELECT * FROM (${proposalViewSql('true')}) AS v ORDER BY id::int`,
    )
    expect(rows.map((r) => [CASES[Number(r.id)][0], r.state, r.quorum, r.height])).toEqual(
      CASES.map(([name, , state, quorum]) => [name, state, quorum, 77]),
    )
  })
})

describe('migration 1796573627936', () => {
  it('gives proposals indexed before it their voter counts from their votes', async () => {
    const settings = await db.createDatabase('before_voters')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-migrations-'))
    const files = fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.js'))
      .sort()
    const adding = files.findIndex((f) =>
      fs.readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8').includes('"for_voters"'),
    )
    for (const f of files.slice(0, adding)) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f))
    await applyMigrations(settings, dir)
    const q = (sql: string) => db.query<Record<string, unknown>>(sql, [], settings)
    await q(`INSERT INTO account (id, open_balance, wopen_balance, gopen_balance, voting_power, contribution_count,
      contributor_earned, inference_count, inference_fees_paid, gas_used, tx_fees_paid, first_seen_block)
      SELECT '0x' || i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 FROM generate_series(1, 5) AS i`)
    await q(`INSERT INTO proposal (id, proposer_id, description, vote_start, vote_end, status, for_votes, against_votes,
      abstain_votes, vote_count, created_at_block, created_at, tx_hash)
      VALUES ('7', '0x1', '', 1, 2, 'PENDING', 0, 0, 0, 5, 1, now(), '0x'), ('8', '0x1', '', 1, 2, 'PENDING', 0, 0, 0, 0, 1, now(), '0x')`)
    await q(`INSERT INTO vote (id, proposal_id, voter_id, support, weight, reason, block_number, tx_hash)
      VALUES ('v1', '7', '0x1', 1, 1, '', 1, '0x'), ('v2', '7', '0x2', 1, 1, '', 1, '0x'), ('v3', '7', '0x3', 0, 1, '', 1, '0x'),
             ('v4', '7', '0x4', 2, 1, '', 1, '0x'), ('v5', '7', '0x5', 2, 1, '', 1, '0x')`)
    await applyMigrations(settings)
    expect(
      await q('SELECT id, for_voters, against_voters, abstain_voters FROM proposal ORDER BY id'),
    ).toEqual([
      { id: '7', for_voters: 2, against_voters: 1, abstain_voters: 2 },
      { id: '8', for_voters: 0, against_voters: 0, abstain_voters: 0 },
    ])
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe('the governance dashboard', () => {
  it("computes a proposal's outcome with the very state expression the API uses (one rule, two engines)", () => {
    const words = (sql: string) => sql.replace(/\s+/g, ' ').trim()
    const dashboard = fs.readFileSync(
      path.join(__dirname, '..', '..', 'dashboards', 'governance_funding_outcomes.sql'),
      'utf8',
    )
    expect(words(dashboard)).toContain(`${words(PROPOSAL_STATE_CASE)} AS state`)
    expect(words(proposalViewSql('true'))).toContain(`${words(PROPOSAL_STATE_CASE)} AS state`)
  })
})
