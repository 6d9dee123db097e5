import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Address, encodeFunctionData } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { policyRegistryAbi } from '../../src/abi/viem'
import { createModelScorerCache, type ModelScorerCache } from '../../src/attribution/modelScorer'
import { loadSpamAssassin } from '../../src/attribution/spamAssassin'
import { seededSample, splitTrainTest } from '../../src/attribution/split'
import {
  type AuditReport,
  auditorAccount,
  auditSettlements,
  evidenceContributions,
  loadSettlementsFromChain,
  modelCheckpoints,
  readEvidence,
  type SettlementRecord,
  signEvidence,
  storeContributions,
  verifyEvidence,
  writeEvidence,
} from '../../src/audit'
import { createAuditScorers } from '../../src/audit/createAuditScorers'
import type { Devnet } from '../../src/chain/startDevnet'
import { addressOf, type DemoContext } from '../../src/demo/demoContext'
import { dishonestUpstream } from '../../src/demo/dishonestUpstream'
import { type DemoFineTune, fineTuneModel } from '../../src/demo/fineTuneModel'
import { delegateVotes, passOneCallProposal } from '../../src/demo/governance'
import { runInferences } from '../../src/demo/runInferences'
import { seedDatanets } from '../../src/demo/seedDatanets'
import { bondValidators, DEMO_AMOUNTS } from '../../src/demo/staking'
import { trainModel } from '../../src/demo/trainModel'
import { sendBatch } from '../../src/demo/txBatch'
import { createOracle } from '../../src/oracle/createOracle'
import { startDemoChain } from '../setup/demoChain'

const PER_ROUND = 6

/**
 * Issue 18: a fine-tuned model's settlements on a real anvil, scored by real oracles (onnxruntime)
 * at both levels and audited at both levels by the real auditor from the chain's logs. An oracle
 * that pays the wrong base contributors is MISMATCH naming the contribution; a record whose upstream
 * split is not the governed share in force at its block is MISMATCH; honest ones are VERIFIED,
 * before and after governance changes the share.
 */
describe('fine-tune with upstream royalties vs the auditor (real anvil, onnxruntime, auditor)', () => {
  let devnet: Devnet
  let ctx: DemoContext
  let fineTune: DemoFineTune
  let scorers: ModelScorerCache
  let records: SettlementRecord[]
  let reports: AuditReport[]
  let accomplice: bigint
  const cheated = new Set<bigint>()

  const audit = async (rs: SettlementRecord[]) => {
    const auditScorers = createAuditScorers(ctx.store, {
      device: 'cpu',
      cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'upstream-refs-')),
    })
    const { contributionsOf } = await loadSettlementsFromChain({
      publicClient: ctx.publicClient,
      manifest: ctx.manifest,
    })
    try {
      return await auditSettlements(rs, { store: ctx.store, scorers: auditScorers, contributionsOf })
    } finally {
      await auditScorers.close()
    }
  }

  beforeAll(async () => {
    ;({ devnet, ctx } = await startDemoChain(11))
    let emails = loadSpamAssassin()
    emails = seededSample(emails.length, 600, ctx.seed).map((i) => emails[i])
    const split = splitTrainTest(emails.length, { testFraction: 0.1, seed: ctx.seed })
    const train = split.train.map((i) => emails[i])
    const heldOut = split.test.map((i) => emails[i])
    const { datanets, contributions } = await seedDatanets(ctx, train)
    const base = await trainModel(ctx, datanets, contributions, heldOut)
    fineTune = await fineTuneModel(ctx, base, train, heldOut)
    await bondValidators(ctx, DEMO_AMOUNTS.validatorBond)
    await delegateVotes(ctx, ctx.roles.members, DEMO_AMOUNTS.votes)
    scorers = createModelScorerCache(ctx.store, { device: 'cpu' })
    accomplice = contributions.find((c) => c.accepted)?.id as bigint
    const oracle = (validator: Address, accepts: (id: bigint) => boolean, cheat: boolean) =>
      createOracle({
        publicClient: ctx.publicClient,
        manifest: ctx.manifest,
        validator,
        store: ctx.store,
        scorers,
        accepts,
        send: (txs) => sendBatch(ctx.rpcUrl, txs),
        tamperUpstream: cheat ? dishonestUpstream(accomplice, (id) => cheated.add(id)) : undefined,
      })
    const oracles = [
      oracle(ctx.roles.dishonestValidator, (id) => id % 2n === 1n, true),
      oracle(ctx.roles.validators[0], () => true, false),
    ]
    await runInferences(ctx, fineTune.model, heldOut, oracles, { count: PER_ROUND, perRound: PER_ROUND })
    // Governance raises the upstream share: later settlements pay, and are audited, under the new one.
    await passOneCallProposal(
      ctx,
      addressOf(ctx, 'PolicyRegistry'),
      encodeFunctionData({ abi: policyRegistryAbi, functionName: 'setUpstreamShare', args: [3500] }),
      'Upstream royalty: 35%',
    )
    await runInferences(ctx, fineTune.model, heldOut, oracles, { count: PER_ROUND, perRound: PER_ROUND })
    ;({ records } = await loadSettlementsFromChain({
      publicClient: ctx.publicClient,
      manifest: ctx.manifest,
    }))
    reports = await audit(records)
  }, 900_000)
  afterAll(async () => {
    await scorers?.close()
    await devnet?.stop()
  })

  it('settles every fine-tune inference on two levels under the share in force', () => {
    expect(records).toHaveLength(2 * PER_ROUND)
    for (const r of records) {
      expect(r.lineage?.levels.map((l) => [l.level, l.modelId])).toEqual([
        [0, fineTune.model.id],
        [1, fineTune.base.id],
      ])
      expect(r.lineage?.levels[1].base).toBeNull()
    }
    expect(new Set(records.map((r) => r.lineage?.upstreamShareBps))).toEqual(new Set([2000, 3500]))
    expect(cheated.size).toBeGreaterThan(0)
  })

  it('verifies every honest settlement on both levels', () => {
    const honest = reports.filter((r) => !cheated.has(BigInt(r.inferenceId)))
    expect(honest.length).toBeGreaterThan(0)
    for (const r of honest) {
      expect(r.status, `inference ${r.inferenceId}: ${r.reason}`).toBe('VERIFIED')
      expect(r.levels?.map((l) => [l.level, l.status])).toEqual([
        [0, 'VERIFIED'],
        [1, 'VERIFIED'],
      ])
      expect(r.checks.filter((c) => ['lineage', 'upstream split', 'conservation'].includes(c.name))).toEqual([
        { name: 'lineage', ok: true },
        { name: 'upstream split', ok: true },
        { name: 'conservation', ok: true },
      ])
    }
  })

  it('flags an oracle paying the wrong base contributors MISMATCH at level 1, naming the contribution', () => {
    const flagged = reports.filter((r) => cheated.has(BigInt(r.inferenceId)))
    expect(flagged.length).toBe(cheated.size)
    for (const r of flagged) {
      expect(r.status, `inference ${r.inferenceId}: ${r.reason}`).toBe('MISMATCH')
      expect(r.levels?.map((l) => l.status)).toEqual(['VERIFIED', 'MISMATCH'])
      expect(r.reason).toMatch(/^level 1: /)
      expect(r.offendingContributionId, r.reason).toBeDefined()
      expect(r.reason).toContain(`contribution ${r.offendingContributionId}`)
      const level1 = r.levels?.[1]
      const involved = new Set(
        [...(level1?.settled ?? []), ...(level1?.recomputed ?? [])].map((w) => w.contributionId),
      )
      expect(involved).toContain(r.offendingContributionId)
    }
  })

  it('flags a dishonest upstream split (amounts shifted between levels, or a stale share) MISMATCH', async () => {
    const honest = records.find((r) => !cheated.has(r.inferenceId)) as SettlementRecord
    const lineage = honest.lineage as NonNullable<SettlementRecord['lineage']>
    const [own, base] = lineage.levels
    const shifted: SettlementRecord = {
      ...honest,
      lineage: {
        ...lineage,
        levels: [
          { ...own, kept: own.kept - 1000n },
          { ...base, amount: base.amount + 1000n, kept: base.kept + 1000n },
        ],
      },
    }
    const stale: SettlementRecord = {
      ...honest,
      lineage: { ...lineage, upstreamShareBps: lineage.upstreamShareBps === 2000 ? 3500 : 2000 },
    }
    const [a, b] = await audit([shifted, stale])
    for (const r of [a, b]) {
      expect(r.status).toBe('MISMATCH')
      expect(r.checks.find((c) => c.name === 'upstream split')?.ok).toBe(false)
      expect(r.reason).toMatch(/^level 0 received \d+ and kept \d+, expected/)
    }
  })

  it('exports signed evidence of a lineage settlement that re-checks offline, both levels recomputed', async () => {
    const i = reports.findIndex((r) => r.status === 'MISMATCH')
    const record = records[i]
    const { contributionsOf } = await loadSettlementsFromChain({
      publicClient: ctx.publicClient,
      manifest: ctx.manifest,
    })
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upstream-evidence-'))
    const account = auditorAccount({ dataDir: dir })
    const evidence = await signEvidence({
      chain: {
        chainId: ctx.manifest.chainId,
        inferenceRouter: ctx.manifest.contracts.InferenceRouter!.address,
      },
      record,
      contributionsArtifact: await storeContributions(
        ctx.store,
        await evidenceContributions(record, contributionsOf),
      ),
      checkpoints: await modelCheckpoints(ctx.store, record.artifactHash),
      report: reports[i],
      account,
    })
    const verifier = createAuditScorers(ctx.store, { device: 'cpu', trustFeatureCache: false })
    try {
      const check = await verifyEvidence(readEvidence(writeEvidence(dir, evidence)), {
        store: ctx.store,
        scorers: verifier,
        trustedAuditors: [account.address],
      })
      expect(check.checks.find((c) => c.name === 'recomputation')?.detail).toBe('MISMATCH, byte-identical')
      expect(check.ok).toBe(true)
      expect(check.recomputed?.levels).toHaveLength(2)
    } finally {
      await verifier.close()
    }
  })
})
