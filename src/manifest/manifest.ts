import fs from 'node:fs'
import path from 'node:path'
import { type Address, getAddress, isAddress } from 'viem'
import { ManifestError } from './errors'

/** Every contract the indexer knows how to index, by its manifest key. */
export const CONTRACT_NAMES = [
  'OpenToken',
  'WOPEN',
  'GOPEN',
  'OpenLedgerTimelock',
  'OpenLedgerGovernor',
  'Staking',
  'StakingBank',
  'PolicyRegistry',
  'DatanetRegistry',
  'ModelRegistry',
  'AttributionValidators',
  'InferenceRouter',
  'ModelFund',
  'AgentRegistry',
  'ComputeMarket',
  'ModelShares',
  'ShareAmmFactory',
] as const

export type ContractName = (typeof CONTRACT_NAMES)[number]

export type ManifestEntry = { address: Address; startBlock: number }

/**
 * What to index: the chain and any subset of the contracts, each with the block it was deployed in.
 * Written by `deploy`, or by hand for OpenLedger's own published deployments (token side only).
 */
export type Manifest = {
  version: 1
  chainId: number
  /** Informational: the node the deployment was made on. The indexer uses its own RPC_URL. */
  rpcUrl?: string
  contracts: Partial<Record<ContractName, ManifestEntry>>
  /** Named accounts of the deployment (deployer, treasury, …), informational. */
  accounts?: Record<string, Address>
}

/**
 * Lowest start block over the manifest's contracts: where indexing begins.
 *
 * @example
 * manifestStartBlock({ version: 1, chainId: 1, contracts: { WOPEN: { address, startBlock: 7 } } }) // 7
 */
export function manifestStartBlock(manifest: Manifest): number {
  const blocks = Object.values(manifest.contracts).map((c) => c.startBlock)
  return blocks.length ? Math.min(...blocks) : 0
}

/**
 * Reads and validates a manifest file; addresses come back checksummed.
 *
 * @throws {ManifestError} when the file is missing, not JSON, or has the wrong shape.
 * @example
 * const manifest = readManifest('.data/manifest.json')
 */
export function readManifest(file: string): Manifest {
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (cause) {
    throw new ManifestError(file, fs.existsSync(file) ? 'not valid JSON' : 'file not found', { cause })
  }
  return parseManifest(raw, file)
}

/**
 * Validates a manifest object (see {@link readManifest}).
 *
 * @throws {ManifestError}
 * @example
 * parseManifest(JSON.parse(text), 'inline')
 */
export function parseManifest(raw: unknown, source = 'manifest'): Manifest {
  const fail = (problem: string): never => {
    throw new ManifestError(source, problem)
  }
  if (typeof raw !== 'object' || raw === null) fail('expected a JSON object')
  const m = raw as Record<string, unknown>
  if (m.version !== 1) fail(`unsupported version ${JSON.stringify(m.version)} (expected 1)`)
  if (!Number.isInteger(m.chainId) || (m.chainId as number) <= 0) fail('chainId must be a positive integer')
  if (typeof m.contracts !== 'object' || m.contracts === null) fail('contracts must be an object')
  const contracts: Manifest['contracts'] = {}
  for (const [name, entry] of Object.entries(m.contracts as Record<string, unknown>)) {
    if (!(CONTRACT_NAMES as readonly string[]).includes(name))
      fail(`unknown contract "${name}" (known: ${CONTRACT_NAMES.join(', ')})`)
    const e = entry as Record<string, unknown>
    if (typeof e?.address !== 'string' || !isAddress(e.address))
      fail(`contracts.${name}.address is not an address`)
    if (!Number.isInteger(e.startBlock) || (e.startBlock as number) < 0)
      fail(`contracts.${name}.startBlock must be a non-negative integer`)
    contracts[name as ContractName] = {
      address: getAddress(e.address as string),
      startBlock: e.startBlock as number,
    }
  }
  return {
    version: 1,
    chainId: m.chainId as number,
    ...(typeof m.rpcUrl === 'string' ? { rpcUrl: m.rpcUrl } : {}),
    contracts,
    ...(m.accounts ? { accounts: m.accounts as Record<string, Address> } : {}),
  }
}

/**
 * Writes a manifest atomically (temp file + rename), creating the folder.
 *
 * @example
 * writeManifest('.data/manifest.json', manifest)
 */
export function writeManifest(file: string, manifest: Manifest): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`)
  fs.renameSync(tmp, file)
}
