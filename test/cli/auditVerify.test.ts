import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createArtifactStore } from '../../src/attribution/artifactStore'
import { createDerivedCache } from '../../src/attribution/derivedCache'
import type { TrainingFeatures } from '../../src/attribution/trainingFeatures'
import { decodeTrainingFeatures, encodeTrainingFeatures } from '../../src/attribution/trainingFeaturesCodec'
import { EvidenceFormatError } from '../../src/audit/errors'
import {
  type Evidence,
  parseEvidence,
  readEvidence,
  signEvidence,
  writeEvidence,
} from '../../src/audit/evidence'
import { createClients } from '../../src/chain/createClients'
import { deployStack } from '../../src/chain/deployStack'
import { rpc } from '../../src/chain/rpc'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { DEMO_ACCOUNTS, demoRoles, silentProgress } from '../../src/demo/demoContext'
import { runDemo } from '../../src/demo/runDemo'
import { readManifest, writeManifest } from '../../src/manifest/manifest'
import { setupDatabase } from '../processor/helpers/database'
import { startIndexer } from '../processor/helpers/indexUntil'
import { ROOT } from '../setup/chain'
import { block, check, cli } from './runCli'

/**
 * `audit` then `audit verify` through the CLI on a real anvil with the real demo economy (400 real
 * emails, 10 paid inferences, inference 10 settled by the dishonest validator): genuine evidence
 * verifies against the trusted key and the chain; forged, altered or artifact-swapped evidence
 * fails the named check with exit code 1.
 */
describe('audit verify', () => {
  let devnet: Devnet
  let tmp: string
  let storeDir: string
  let manifestFile: string
  let rpcUrl: string
  let auditDir: string
  const auditorKey = generatePrivateKey()
  const auditor = privateKeyToAccount(auditorKey).address
  let genuine: string
  let honest: string
  let evidence: Evidence

  beforeAll(async () => {
    devnet = await startDevnet({ accounts: DEMO_ACCOUNTS })
    rpcUrl = devnet.rpcUrl
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-verify-'))
    storeDir = path.join(tmp, 'artifacts')
    const clients = createClients({ rpcUrl, chainId: devnet.chainId })
    const manifest = await deployStack({
      root: ROOT,
      wallet: clients.wallet,
      publicClient: clients.publicClient,
    })
    manifestFile = path.join(tmp, 'manifest.json')
    writeManifest(manifestFile, { ...manifest, rpcUrl })
    const accounts = Array.from({ length: DEMO_ACCOUNTS }, (_, i) => clients.devWallet(i).account.address)
    await runDemo(
      {
        rpcUrl,
        publicClient: clients.publicClient,
        manifest,
        roles: demoRoles(accounts),
        store: createArtifactStore({ dir: storeDir }),
        seed: 3,
        progress: silentProgress,
      },
      { maxEmails: 400, inferences: 10, perRound: 10, device: 'cpu' },
    )
    auditDir = path.join(tmp, 'audits')
    const audit = await cli(
      ['audit', '--rpc-url', rpcUrl, '--manifest', manifestFile, '--out', auditDir, '--device', 'cpu'],
      { DATA_DIR: tmp, ARTIFACT_DIR: storeDir, AUDITOR_PRIVATE_KEY: auditorKey },
    )
    expect(audit.code, audit.stderr).toBe(0)
    expect(audit.stdout).toContain(`evidence signed by ${auditor}`)
    genuine = path.join(auditDir, 'inference-10.json')
    honest = path.join(auditDir, 'inference-3.json')
    evidence = readEvidence(genuine)
    expect(evidence.report.status).toBe('MISMATCH')
    expect(readEvidence(honest).report.status).toBe('VERIFIED')
  }, 600_000)
  afterAll(async () => {
    await devnet?.stop()
  })

  /** Writes a variant of the genuine evidence; `sign` re-signs the altered body with that key. */
  const variant = async (name: string, change: (e: Evidence) => void, sign?: `0x${string}`) => {
    const e = structuredClone(evidence)
    change(e)
    const dir = path.join(tmp, name)
    if (!sign) {
      fs.mkdirSync(dir, { recursive: true })
      const file = path.join(dir, 'inference-10.json')
      fs.writeFileSync(
        file,
        JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2),
      )
      return file
    }
    const { evidenceHash: _h, auditor: _a, signature: _s, ...body } = e
    return writeEvidence(dir, await signEvidence({ ...body, account: privateKeyToAccount(sign) }))
  }

  it('refuses a signed file whose text reads two ways: a duplicated key, a number with a leading zero', () => {
    const text = fs.readFileSync(genuine, 'utf8')
    expect(parseEvidence(text, genuine).report.status).toBe('MISMATCH')
    // JSON.parse keeps the last "status", so the signature still checks; a first-wins reader sees VERIFIED.
    const twice = text.replace('"status": "MISMATCH"', '"status": "VERIFIED", "status": "MISMATCH"')
    expect(twice).not.toBe(text)
    expect(() => parseEvidence(twice, genuine)).toThrow(EvidenceFormatError)
    const zero = text.replace(`"inferenceId": "10"`, `"inferenceId": "010"`)
    expect(zero).not.toBe(text)
    expect(() => parseEvidence(zero, genuine)).toThrow(/not in the form its writer gives it/)
  })

  it('rejects a forged file, one field changed after signing, and unsigned content; passes the genuine ones (trusted key only)', async () => {
    const forger = generatePrivateKey()
    // A made-up verdict: the dishonest settlement declared fine, signed by a key nobody trusts.
    const forged = await variant(
      'forged',
      (e) => {
        e.report.status = 'VERIFIED'
        delete e.report.reason
      },
      forger,
    )
    // ... and claiming to come from the trusted auditor.
    fs.writeFileSync(
      forged,
      fs.readFileSync(forged, 'utf8').replace(privateKeyToAccount(forger).address, auditor),
    )
    const changed = await variant('changed', (e) => {
      e.record.fee += 1n
    })
    const extra = path.join(tmp, 'extra.json')
    fs.writeFileSync(
      extra,
      JSON.stringify({ ...JSON.parse(fs.readFileSync(honest, 'utf8')), note: 'all fine' }),
    )

    const r = await cli(
      ['audit', 'verify', genuine, honest, forged, changed, extra, '--auditor', auditor, '--device', 'cpu'],
      {
        ARTIFACT_DIR: storeDir,
      },
    )
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toContain('3 of 5 evidence files did not verify')

    const ok = block(r.stdout, genuine)
    expect(ok[0]).toBe(`OK  ${genuine}: inference 10 MISMATCH`)
    expect(check(ok, 'signer')).toBe(`ok      signer: ${auditor} is a trusted auditor`)
    expect(check(ok, 'record')).toMatch(/^skipped record: no --rpc-url or --db-url/)
    expect(check(ok, 'recomputation')).toBe('ok      recomputation: MISMATCH, byte-identical')
    expect(block(r.stdout, honest)[0]).toBe(`OK  ${honest}: inference 3 VERIFIED`)

    const f = block(r.stdout, forged)
    expect(f[0]).toMatch(/^BAD /)
    const forgerAddress = privateKeyToAccount(forger).address
    expect(check(f, 'signature')).toBe(
      `FAILED  signature: EvidenceSignatureError: signature mismatch: it recovers ${forgerAddress}, not the stated auditor ${auditor}`,
    )
    expect(check(f, 'signer')).toBe(
      `FAILED  signer: UntrustedSignerError: untrusted signer ${forgerAddress}; trusted: ${auditor}`,
    )
    expect(check(f, 'recomputation')).toBe(
      'FAILED  recomputation: EvidenceVerdictMismatchError: verdict differs: report.status: file "VERIFIED", recomputed "MISMATCH"',
    )

    const c = block(r.stdout, changed)
    expect(c[0]).toMatch(/^BAD /)
    expect(check(c, 'evidence hash')).toMatch(
      /^FAILED {2}evidence hash: EvidenceHashMismatchError: evidence hash mismatch: the content hashes to 0x[0-9a-f]{64}, the signed hash is 0x[0-9a-f]{64}; the file was changed after signing$/,
    )
    // The signature itself is the auditor's: only the content moved.
    expect(check(c, 'signer')).toBe(`ok      signer: ${auditor} is a trusted auditor`)

    expect(block(r.stdout, extra)).toEqual([
      `BAD ${extra}`,
      `  FAILED  format: EvidenceFormatError: ${extra} has a field no signature covers: "note"`,
    ])
  })

  it('compares recomputed weights exactly: 1 ppm moved between two contributions under the trusted signature fails', async () => {
    const weights = evidence.report.recomputed ?? []
    expect(weights.length).toBeGreaterThan(1)
    const shifted = await variant(
      'shifted',
      (e) => {
        const w = e.report.recomputed as { weightPpm: number }[]
        w[0].weightPpm += 1
        w[1].weightPpm -= 1
      },
      auditorKey,
    )
    const r = await cli(['audit', 'verify', shifted, '--auditor', auditor, '--device', 'cpu'], {
      ARTIFACT_DIR: storeDir,
    })
    expect(r.code, r.stdout + r.stderr).toBe(1)
    const lines = block(r.stdout, shifted)
    expect(check(lines, 'evidence hash')).toMatch(/^ok /)
    expect(check(lines, 'signer')).toBe(`ok      signer: ${auditor} is a trusted auditor`)
    const [a] = weights
    expect(check(lines, 'recomputation')).toBe(
      `FAILED  recomputation: EvidenceVerdictMismatchError: verdict differs: report.recomputed[0]: file ${JSON.stringify({ ...a, weightPpm: a.weightPpm + 1 })}, recomputed ${JSON.stringify(a)}`,
    )
  })

  it('checks the record against the chain field by field: genuine passes, a changed or made-up record is named', async () => {
    const changed = await variant('changed-chain', (e) => {
      e.record.rewards[1].amount += 5n
    })
    const madeUp = await variant(
      'made-up',
      (e) => {
        e.record.inferenceId = 999n
        e.report.inferenceId = '999'
      },
      generatePrivateKey(),
    )
    const r = await cli(
      [
        'audit',
        'verify',
        genuine,
        changed,
        madeUp,
        '--auditor',
        auditor,
        '--rpc-url',
        rpcUrl,
        '--manifest',
        manifestFile,
      ],
      { ARTIFACT_DIR: storeDir, ATTRIBUTION_DEVICE: 'cpu' },
    )
    expect(r.code, r.stderr).toBe(1)
    const ok = block(r.stdout, genuine)
    expect(ok[0]).toBe(`OK  ${genuine}: inference 10 MISMATCH`)
    expect(check(ok, 'record')).toBe("ok      record: equal to the chain's, field by field")
    const amount = evidence.record.rewards[1].amount
    expect(check(block(r.stdout, changed), 'record')).toBe(
      `FAILED  record: EvidenceRecordMismatchError: record.rewards[1].amount: file ${amount + 5n}, chain ${amount}`,
    )
    expect(check(block(r.stdout, madeUp), 'record')).toBe(
      'FAILED  record: EvidenceRecordMismatchError: inference 999 has no settlement on the chain',
    )
    expect(check(block(r.stdout, madeUp), 'signer')).toMatch(/^FAILED {2}signer: UntrustedSignerError/)
  })

  it('checks the record against the indexed database when given --db-url instead', async () => {
    const db = await setupDatabase()
    try {
      const indexer = startIndexer({
        rpcUrl,
        manifest: readManifest(manifestFile),
        db: db.settings,
        finality: 5,
      })
      const { publicClient } = createClients({ rpcUrl, chainId: devnet.chainId })
      const head = Number(await publicClient.getBlockNumber({ cacheTime: 0 }))
      await rpc(rpcUrl, 'anvil_mine', ['0x6'])
      await indexer.waitFor(head, 180_000)
      await indexer.stop()
      const changed = await variant('changed-index', (e) => {
        e.record.payouts.dust += 1n
      })
      const { host, port, user, password, database } = db.settings
      const url = `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/${database}`
      const r = await cli(
        [
          'audit',
          'verify',
          genuine,
          changed,
          '--auditor',
          auditor,
          '--db-url',
          url,
          '--manifest',
          manifestFile,
        ],
        { ARTIFACT_DIR: storeDir, ATTRIBUTION_DEVICE: 'cpu' },
      )
      expect(r.code, r.stderr).toBe(1)
      expect(check(block(r.stdout, genuine), 'record')).toBe(
        "ok      record: equal to the index's, field by field",
      )
      const dust = evidence.record.payouts.dust
      expect(check(block(r.stdout, changed), 'record')).toBe(
        `FAILED  record: EvidenceRecordMismatchError: record.payouts.dust: file ${dust + 1n}, index ${dust}`,
      )
    } finally {
      await db.stop()
    }
  })

  it('names a swapped artifact under a genuine signature, and ignores a poisoned feature cache', async () => {
    const copy = path.join(tmp, 'swapped-store')
    fs.cpSync(storeDir, copy, { recursive: true })
    // Every derived-cache entry now holds other bytes under a valid keyed hash, as someone holding
    // the cache's secret could write: training features with their rows in reverse order (same
    // shape, wrong examples), score graphs that are not ONNX. A verifier trusting the cache would
    // fail or score against the wrong features.
    const derivedDir = path.join(copy, 'derived')
    const entries = fs.readdirSync(derivedDir).filter((f) => f.endsWith('.bin'))
    const poisoned = createDerivedCache({ dir: derivedDir })
    let features = 0
    for (const entry of entries) {
      const key = entry.replace('.bin', '') as `0x${string}`
      let tf: TrainingFeatures | undefined
      try {
        tf = decodeTrainingFeatures((await poisoned.get(key)) as Uint8Array)
      } catch {}
      if (!tf) {
        await poisoned.put(key, Uint8Array.of(1, 2, 3))
        continue
      }
      const { n, width, numClasses } = tf
      const reversed = (m: Float32Array, cols: number) => {
        const out = new Float32Array(m.length)
        for (let i = 0; i < n; i++) out.set(m.subarray(i * cols, (i + 1) * cols), (n - 1 - i) * cols)
        return out
      }
      tf.checkpoints = tf.checkpoints.map((c) => ({
        ...c,
        h: reversed(c.h, width),
        delta: reversed(c.delta, numClasses),
      }))
      await poisoned.put(key, encodeTrainingFeatures(tf))
      features++
    }
    expect(features).toBeGreaterThan(0)
    const trusting = await cli(['audit', 'verify', genuine, '--device', 'cpu'], {
      ARTIFACT_DIR: copy,
      TRUSTED_AUDITORS: auditor,
    })
    expect(trusting.code, trusting.stdout + trusting.stderr).toBe(0)
    expect(check(block(trusting.stdout, genuine), 'recomputation')).toBe(
      'ok      recomputation: MISMATCH, byte-identical',
    )

    // The contributions artifact's bytes replaced by another artifact's.
    const other = (await fs.promises.readdir(copy)).find(
      (f) => f.endsWith('.bin') && !f.startsWith(evidence.contributionsArtifact),
    ) as string
    fs.copyFileSync(path.join(copy, other), path.join(copy, `${evidence.contributionsArtifact}.bin`))
    const r = await cli(['audit', 'verify', genuine, '--device', 'cpu'], {
      ARTIFACT_DIR: copy,
      TRUSTED_AUDITORS: auditor,
    })
    expect(r.code).toBe(1)
    const lines = block(r.stdout, genuine)
    expect(check(lines, 'artifacts')).toBe(
      `FAILED  artifacts: EvidenceArtifactError: artifact hash mismatch: contributions artifact ${evidence.contributionsArtifact} hashes to ${other.replace('.bin', '')}`,
    )
    expect(check(lines, 'recomputation')).toBe('skipped recomputation: artifacts did not check out')
    expect(check(lines, 'signer')).toBe(`ok      signer: ${auditor} is a trusted auditor`)
  })

  it('refuses to run without a trusted auditor', async () => {
    const r = await cli(['audit', 'verify', genuine], { ARTIFACT_DIR: storeDir })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      'ConfigError: audit verify needs the auditor to trust: pass --auditor 0x… or set TRUSTED_AUDITORS.',
    )
  })
})
