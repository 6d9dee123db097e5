import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { type Address, parseEther, toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attributionValidatorsAbi, openLedgerGovernorAbi, openLedgerTimelockAbi } from '../../src/abi/viem'
import { createClients, DEV_MNEMONIC } from '../../src/chain/createClients'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { readManifest } from '../../src/manifest/manifest'
import { ROOT } from '../setup/chain'

const run = promisify(execFile)
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')
const DEPLOYER_KEY = toHex(mnemonicToAccount(DEV_MNEMONIC).getHdKey().privateKey as Uint8Array)

/** `deploy` as a user runs it; returns the governance the deployed contracts report. */
async function deploy(devnet: Devnet, flags: string[]) {
  const manifestFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-')), 'manifest.json')
  const { stdout } = await run(
    TSX,
    [
      path.join(ROOT, 'src/cli/main.ts'),
      'deploy',
      '--rpc-url',
      devnet.rpcUrl,
      '--manifest',
      manifestFile,
      ...flags,
    ],
    { env: { ...process.env, DEPLOYER_PRIVATE_KEY: DEPLOYER_KEY, CHAIN_ID: '' }, timeout: 120_000 },
  )
  const manifest = readManifest(manifestFile)
  const { publicClient } = createClients({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
  const at = (name: 'OpenLedgerGovernor' | 'OpenLedgerTimelock' | 'AttributionValidators') =>
    manifest.contracts[name]?.address as Address
  const governor = (functionName: 'votingDelay' | 'votingPeriod' | 'proposalThreshold' | 'quorumNumerator') =>
    publicClient.readContract({ address: at('OpenLedgerGovernor'), abi: openLedgerGovernorAbi, functionName })
  const validators = (functionName: 'auditWindowSeconds' | 'unbondingDelaySeconds') =>
    publicClient.readContract({
      address: at('AttributionValidators'),
      abi: attributionValidatorsAbi,
      functionName,
    })
  return {
    stdout,
    governance: {
      votingDelay: await governor('votingDelay'),
      votingPeriod: await governor('votingPeriod'),
      proposalThreshold: await governor('proposalThreshold'),
      quorumPercent: await governor('quorumNumerator'),
      timelockDelay: await publicClient.readContract({
        address: at('OpenLedgerTimelock'),
        abi: openLedgerTimelockAbi,
        functionName: 'getMinDelay',
      }),
      auditWindow: await validators('auditWindowSeconds'),
      unbondingDelay: await validators('unbondingDelaySeconds'),
    },
  }
}

describe('deploy governance parameters', () => {
  let devnet: Devnet
  let other: Devnet
  beforeAll(async () => {
    ;[devnet, other] = await Promise.all([startDevnet(), startDevnet({ chainId: 161201 })])
  })
  afterAll(async () => {
    await Promise.all([devnet?.stop(), other?.stop()])
  })

  it("uses OpenLedger's published governance outside a devnet: a validator unbonds after 10 days", async () => {
    const { governance, stdout } = await deploy(other, [])
    expect(governance).toEqual({
      votingDelay: 86_400n,
      votingPeriod: 604_800n,
      proposalThreshold: parseEther('10000'),
      quorumPercent: 5n,
      timelockDelay: 86_400n,
      auditWindow: 86_400n,
      // + the contract's 60 s execution margin
      unbondingDelay: 10n * 86_400n + 60n,
    })
    expect(stdout).toContain(
      '[deploy] governance: voting delay 86400 s, period 604800 s, timelock 86400 s, audit window 86400 s',
    )
  })

  it('takes every governance parameter as a flag; the unbonding delay follows them', async () => {
    const { governance } = await deploy(devnet, [
      '--voting-delay',
      '5',
      '--voting-period',
      '120',
      '--proposal-threshold',
      '2500.5',
      '--quorum-percent',
      '12',
      '--timelock-delay',
      '7',
      '--audit-window',
      '30',
    ])
    expect(governance).toEqual({
      votingDelay: 5n,
      votingPeriod: 120n,
      proposalThreshold: parseEther('2500.5'),
      quorumPercent: 12n,
      timelockDelay: 7n,
      auditWindow: 30n,
      unbondingDelay: 30n + 5n + 120n + 7n + 60n,
    })
  })

  it('names a malformed governance flag', async () => {
    const err = await run(TSX, [path.join(ROOT, 'src/cli/main.ts'), 'deploy', '--quorum-percent', '0']).catch(
      (e: { code: number; stderr: string }) => e,
    )
    expect(err).toMatchObject({ code: 1 })
    expect((err as { stderr: string }).stderr).toContain(
      "error: option '--quorum-percent <n>' argument '0' is invalid. Expected a percentage from 1 to 100.",
    )
  })
})
