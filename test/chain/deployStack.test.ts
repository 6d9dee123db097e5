import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Abi, type Address, keccak256, parseEther, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inferenceRouterAbi } from '../../src/abi/viem'
import { deployStack } from '../../src/chain/deployStack'
import { DeploymentError } from '../../src/chain/errors'
import { ManifestError } from '../../src/manifest/errors'
import {
  CONTRACT_NAMES,
  type Manifest,
  manifestStartBlock,
  readManifest,
  writeManifest,
} from '../../src/manifest/manifest'
import { ROOT, setupChain, type TestChain } from '../setup/chain'

const ownableAbi = [
  { type: 'function', name: 'owner', inputs: [], outputs: [{ type: 'address' }], stateMutability: 'view' },
] as const satisfies Abi
const accessAbi = [
  {
    type: 'function',
    name: 'hasRole',
    inputs: [{ type: 'bytes32' }, { type: 'address' }],
    outputs: [{ type: 'bool' }],
    stateMutability: 'view',
  },
] as const satisfies Abi
const role = (name: string) => keccak256(toHex(name))
const ADMIN = `0x${'00'.repeat(32)}` as const

describe('deployStack', () => {
  let chain: TestChain
  let manifest: Manifest
  beforeAll(async () => {
    chain = await setupChain()
    manifest = await deployStack({ root: ROOT, wallet: chain.wallets[0], publicClient: chain.publicClient })
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('deploys every contract of the manifest with code at its address', async () => {
    expect(Object.keys(manifest.contracts).sort()).toEqual([...CONTRACT_NAMES].sort())
    for (const entry of Object.values(manifest.contracts)) {
      const code = await chain.publicClient.getCode({ address: entry.address })
      expect(code?.length).toBeGreaterThan(2)
      expect(entry.startBlock).toBeGreaterThan(0)
    }
    expect(manifestStartBlock(manifest)).toBe(manifest.contracts.OpenToken!.startBlock)
  })

  it('leaves the timelock in charge and the deployer with no privileged role', async () => {
    const c = manifest.contracts
    const timelock = c.OpenLedgerTimelock!.address
    const deployer = chain.accounts[0]
    const owner = (address: Address) =>
      chain.publicClient.readContract({ address, abi: ownableAbi, functionName: 'owner' })
    const hasRole = (address: Address, r: `0x${string}`, who: Address) =>
      chain.publicClient.readContract({ address, abi: accessAbi, functionName: 'hasRole', args: [r, who] })
    for (const name of [
      'PolicyRegistry',
      'ModelFund',
      'AttributionValidators',
      'StakingBank',
      'ComputeMarket',
    ] as const)
      expect(await owner(c[name]!.address), name).toBe(timelock)
    // The timelock made ComputeMarket the router's compute market; the deployer proposed that one call only.
    expect(
      await chain.publicClient.readContract({
        address: c.InferenceRouter!.address,
        abi: inferenceRouterAbi,
        functionName: 'computeMarket',
      }),
    ).toBe(c.ComputeMarket!.address)
    expect(await hasRole(timelock, role('PROPOSER_ROLE'), deployer)).toBe(false)
    expect(await hasRole(timelock, role('PROPOSER_ROLE'), c.OpenLedgerGovernor!.address)).toBe(true)
    expect(await hasRole(timelock, ADMIN, deployer)).toBe(false)
    expect(await hasRole(c.Staking!.address, ADMIN, timelock)).toBe(true)
    expect(await hasRole(c.Staking!.address, ADMIN, deployer)).toBe(false)
    expect(await hasRole(c.Staking!.address, role('TRUSTED_BANK'), c.StakingBank!.address)).toBe(true)
    expect(await chain.publicClient.getBalance({ address: timelock })).toBe(parseEther('1000000'))
    expect(await chain.publicClient.getBalance({ address: c.ModelFund!.address })).toBe(parseEther('100000'))
  })

  it('round-trips the manifest through a file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'm.json')
    writeManifest(file, manifest)
    expect(readManifest(file)).toEqual(manifest)
  })

  it('names the failing step when deployment cannot proceed', async () => {
    // An account without funds cannot pay for the first deployment.
    const { createWalletClient, http } = await import('viem')
    const { privateKeyToAccount } = await import('viem/accounts')
    const broke = createWalletClient({
      chain: chain.chain,
      transport: http(chain.rpcUrl),
      account: privateKeyToAccount(`0x${'11'.repeat(32)}`),
    })
    const err = await deployStack({ root: ROOT, wallet: broke, publicClient: chain.publicClient }).catch(
      (e) => e,
    )
    expect(err).toBeInstanceOf(DeploymentError)
    expect(err.shortMessage).toBe('Deployment failed at step "deploy OpenToken".')
  })
})

describe('readManifest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-bad-'))
  const write = (name: string, body: string) => {
    const file = path.join(dir, name)
    fs.writeFileSync(file, body)
    return file
  }
  it.each([
    ['missing.json', null, 'file not found'],
    ['garbage.json', '{not json', 'not valid JSON'],
    ['version.json', '{"version":2,"chainId":1,"contracts":{}}', 'unsupported version 2 (expected 1)'],
    ['chain.json', '{"version":1,"chainId":0,"contracts":{}}', 'chainId must be a positive integer'],
    [
      'unknown.json',
      '{"version":1,"chainId":1,"contracts":{"Foo":{"address":"0x0000000000000000000000000000000000000001","startBlock":0}}}',
      'unknown contract "Foo"',
    ],
    [
      'address.json',
      '{"version":1,"chainId":1,"contracts":{"WOPEN":{"address":"0x12","startBlock":0}}}',
      'contracts.WOPEN.address is not an address',
    ],
    [
      'block.json',
      '{"version":1,"chainId":1,"contracts":{"WOPEN":{"address":"0x0000000000000000000000000000000000000001","startBlock":-1}}}',
      'contracts.WOPEN.startBlock must be a non-negative integer',
    ],
  ])('%s gives ManifestError (%s)', (name, body, problem) => {
    const file = body === null ? path.join(dir, name) : write(name, body)
    expect(() => readManifest(file)).toThrowError(ManifestError)
    expect(() => readManifest(file)).toThrowError(problem)
  })

  it('accepts a token-side-only manifest (OpenLedger published deployments)', () => {
    const file = write(
      'published.json',
      JSON.stringify({
        version: 1,
        chainId: 1612,
        contracts: { WOPEN: { address: '0x000000000000000000000000000000000000dead', startBlock: 5 } },
      }),
    )
    expect(readManifest(file).contracts.WOPEN).toEqual({
      address: '0x000000000000000000000000000000000000dEaD',
      startBlock: 5,
    })
  })
})
