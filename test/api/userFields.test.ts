import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiServer, startApiServer } from '../../src/api'
import { applyMigrations } from '../../src/db'
import { seedIndexedData } from '../bench/api/seedIndexedData'
import { postJson } from './fixtureApi'
import { startTestDatabase, type TestDatabase } from './testDatabase'

// The explorer, auditor and governance fields against the real schema.graphql and migrations.
let db: TestDatabase
let api: ApiServer
const gql = async (query: string, variables?: Record<string, unknown>) => {
  const res = await postJson(api.url, { query, variables })
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined()
  return res.body.data
}
const one = async (sql: string, values: unknown[] = []) => (await db.admin.query(sql, values)).rows

beforeAll(async () => {
  db = await startTestDatabase()
  await applyMigrations(db.settings)
  await seedIndexedData(db.admin, { inferences: 2000 })
  const schemaText = fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8')
  api = await startApiServer({
    connection: db.settings,
    schemaText,
    port: 0,
    options: { host: '127.0.0.1', rateLimit: false, log: () => {} },
  })
})
afterAll(async () => {
  await api?.close()
  await db?.stop()
})

describe('explorer', () => {
  it('search finds datanets and models by name substring and contributors by address prefix', async () => {
    const d = await gql(
      '{ search(text: "LAW", limit: 5) { datanets { id name } models { id } contributors { id } } }',
    )
    const want = await one(
      "SELECT id FROM datanet WHERE lower(name) LIKE '%law%' ORDER BY contribution_count DESC, id LIMIT 5",
    )
    expect(d.search.datanets.map((x: any) => x.id)).toEqual(want.map((r) => r.id))
    expect(d.search.datanets.every((x: any) => x.name.includes('law'))).toBe(true)
    const c = await gql(
      '{ search(text: "0x00000000000000000000000000000000000000", limit: 3) { contributors { id contributionCount } } }',
    )
    expect(c.search.contributors.map((x: any) => x.id)).toEqual([
      '0x0000000000000000000000000000000000000001',
      '0x0000000000000000000000000000000000000002',
      '0x0000000000000000000000000000000000000003',
    ])
    const m = await gql('{ search(text: "fraud") { models { id name owner { id } } } }')
    expect(m.search.models.length).toBe(10)
  })

  it('activity lists the newest events across tables, pages by block and filters by account', async () => {
    const a = await gql(
      '{ activity(limit: 10) { kind id blockNumber timestamp txHash account amount summary } }',
    )
    expect(a.activity).toHaveLength(10)
    const blocks = a.activity.map((x: any) => x.blockNumber)
    expect([...blocks].sort((x, y) => y - x)).toEqual(blocks)
    expect(blocks[0]).toBe((await one('SELECT max(block_number) AS b FROM settlement'))[0].b)
    const next = await gql('query($b: Int) { activity(limit: 5, beforeBlock: $b) { blockNumber } }', {
      b: blocks[9],
    })
    expect(next.activity.every((x: any) => x.blockNumber < blocks[9])).toBe(true)
    const acct = '0x0000000000000000000000000000000000000007'
    const mine = await gql('query($a: String) { activity(limit: 20, account: $a) { account kind } }', {
      a: acct,
    })
    expect(mine.activity.length).toBeGreaterThan(0)
    expect(mine.activity.every((x: any) => x.account === acct)).toBe(true)
  })
})

describe('auditor', () => {
  it('inferenceAudit shows settlement, payouts and audit reports with conservation checks', async () => {
    const d =
      await gql(`{ inferenceAudit(id: "2") { inference { id fee status } settlement { validator { id } contributorsAmount }
      payouts { position weightPpm amount contribution { id } } audits { status } checks { fee distributed feeConserved payoutsMatch weightsTotalPpm payoutCount } } }`)
    const x = d.inferenceAudit
    expect(x.inference).toEqual({ id: '2', fee: '1002000000000000', status: 'SETTLED' })
    expect(x.payouts.map((p: any) => p.weightPpm)).toEqual([600000, 400000])
    expect(x.audits).toEqual([{ status: 'VERIFIED' }])
    expect(x.checks).toMatchObject({
      fee: '1002000000000000',
      weightsTotalPpm: 1000000,
      payoutCount: 2,
      payoutsMatch: true,
    })
    expect((await gql('{ inferenceAudit(id: "nope") { inference { id } } }')).inferenceAudit).toBeNull()
  })

  it('per-validator and per-model summaries equal a direct aggregate', async () => {
    const d = await gql(
      '{ validatorAuditSummaries(limit: 20) { validator { id } settlements audited verified mismatch unverifiable unaudited mismatchRate lastAuditAt } }',
    )
    const want =
      await one(`SELECT s.validator_id AS id, count(*)::int AS settlements, count(a.id)::int AS audited,
      (count(*) FILTER (WHERE a.status = 'MISMATCH'))::int AS mismatch
      FROM settlement s LEFT JOIN audit_report a ON a.inference_id = s.id GROUP BY 1 ORDER BY 1`)
    const got = d.validatorAuditSummaries
      .filter((g: any) => g.settlements > 0)
      .sort((a: any, b: any) => (a.validator.id < b.validator.id ? -1 : 1))
    expect(
      got.map((g: any) => ({
        id: g.validator.id,
        settlements: g.settlements,
        audited: g.audited,
        mismatch: g.mismatch,
      })),
    ).toEqual(want)
    for (const g of got) {
      expect(g.verified + g.mismatch + g.unverifiable).toBe(g.audited)
      if (g.audited > 0) expect(g.mismatchRate).toBeCloseTo(g.mismatch / g.audited)
      else expect(g.mismatchRate).toBeNull()
    }
    const m = await gql('{ modelAuditSummaries(ids: ["3"]) { model { id name } settlements audited } }')
    const [w] = await one(
      "SELECT count(*)::int AS s, count(a.id)::int AS a FROM settlement s LEFT JOIN audit_report a ON a.inference_id = s.id WHERE s.model_id = '3'",
    )
    expect(m.modelAuditSummaries).toEqual([
      { model: { id: '3', name: 'fraud-detector-v3' }, settlements: w.s, audited: w.a },
    ])
  })
})

describe('governance', () => {
  it('proposalOverview decodes the funding action and shows votes, tally and the funded model', async () => {
    const id = '100000000000000000005'
    const d = await gql(
      `query($id: String!) { proposalOverview(id: $id) {
      proposal { id status description } actions { index functionName summary args } votes(limit: 3) { weight support voter { id } }
      tally { forVotes againstVotes abstainVotes totalVotes voteCount forShareBps }
      fundedModels { actionIndex amount modelId model { id name revenue } datanets { id name }
        attributionHistory(limit: 2) { day settlements fees contributorRewards } } } }`,
      { id },
    )
    const o = d.proposalOverview
    expect(o.proposal.id).toBe(id)
    expect(o.actions[0]).toMatchObject({
      index: 0,
      functionName: 'fundModel',
      args: { modelId: '5', amount: '5000000000000000000000', memo: 'grant 5' },
    })
    expect(o.votes.map((v: any) => v.weight)).toEqual([
      '10000000000000000000',
      '9000000000000000000',
      '8000000000000000000',
    ])
    // support = k % 3 and weight = (k + 1) OPEN for k = 0..9: for 2+5+8, against 1+4+7+10, abstain 3+6+9.
    expect(o.tally).toEqual({
      forVotes: '15000000000000000000',
      againstVotes: '22000000000000000000',
      abstainVotes: '18000000000000000000',
      totalVotes: '55000000000000000000',
      voteCount: 10,
      forShareBps: 4054,
    })
    const f = o.fundedModels[0]
    expect(f).toMatchObject({
      actionIndex: 0,
      amount: '5000000000000000000000',
      modelId: '5',
      model: { id: '5', name: 'spam-classifier-v5' },
    })
    expect(f.datanets.map((x: any) => x.id)).toEqual(['13', '6'])
    const [h] = await one(`SELECT count(*)::int AS n, sum(contributors_amount)::text AS c FROM settlement
      WHERE model_id = '5' AND date_trunc('day', timestamp AT TIME ZONE 'UTC') = (SELECT max(date_trunc('day', timestamp AT TIME ZONE 'UTC')) FROM settlement WHERE model_id = '5')`)
    expect(f.attributionHistory[0]).toMatchObject({ settlements: h.n, contributorRewards: h.c })
  })
})

describe('the generic surface on the real schema', () => {
  it('reads nested relations and connections', async () => {
    const d =
      await gql(`{ inferencesConnection(orderBy: [fee_DESC], first: 2, where: {status_eq: SETTLED, model: {name_startsWith: "contract-review"}}) {
      totalCount edges { node { id fee model { name } settlement { validator { id } rewards(orderBy: position_ASC) { amount contributor { id } } } auditReports { status } } } } }`)
    const [{ n }] = await one(
      "SELECT count(*)::int AS n FROM inference i JOIN model m ON m.id = i.model_id WHERE i.status = 'SETTLED' AND m.name LIKE 'contract-review%'",
    )
    expect(d.inferencesConnection.totalCount).toBe(n)
    expect(d.inferencesConnection.edges[0].node.settlement.rewards).toHaveLength(2)
  })
})
