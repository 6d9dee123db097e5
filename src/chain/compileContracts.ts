import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { CompileError } from './errors'

/** ABI + creation bytecode of one compiled contract, as written to `contracts/out/<Name>.json`. */
export type CompiledContract = {
  contractName: string
  sourceName: string
  abi: unknown[]
  bytecode: `0x${string}`
}

export type CompileOptions = {
  /** Repository root (holds contracts/, node_modules/, src/abi/). */
  root: string
  /** Recompile even when the sources did not change. @default false */
  force?: boolean
  /** Called with a one-line progress message. */
  log?: (line: string) => void
}

export type CompileResult = { contracts: CompiledContract[]; cached: boolean; ms: number }

// Pinned with the exact `solc` npm version: no compiler is ever downloaded at run time.
const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
}

/**
 * Compiles every `contracts/**\/*.sol` with the npm `solc` package and writes
 * `contracts/out/<Name>.json` (ABI + bytecode, for deployment),
 * `contracts/abi/<Name>.json` (ABI only, input of `@subsquid/evm-typegen`) and
 * `src/abi/viem/<Name>.ts` (`as const` ABIs, so viem calls are typed). Test doubles (sources under
 * a `test/` folder of contracts/) get their typed ABIs in `test/abi/viem/` instead: the product
 * never ships them.
 * Skips the work when the sources and settings hash to the value stored by the previous run.
 *
 * @throws {CompileError} on any Solidity error (warnings are only logged).
 * @example
 * const { contracts } = compileContracts({ root: process.cwd() })
 */
export function compileContracts({ root, force = false, log = () => {} }: CompileOptions): CompileResult {
  const started = Date.now()
  const contractsDir = path.join(root, 'contracts')
  const outDir = path.join(contractsDir, 'out')
  const sources = listSolidity(contractsDir).map((file) => ({
    name: path.relative(contractsDir, file).split(path.sep).join('/'),
    content: fs.readFileSync(file, 'utf8'),
  }))
  const solc = require('solc') as { version(): string; compile(input: string, cb: object): string }
  const digest = createHash('sha256')
    .update(JSON.stringify({ v: solc.version(), s: SOLC_SETTINGS, sources }))
    .digest('hex')
  const stampFile = path.join(outDir, '.sources.sha256')
  if (!force && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === digest) {
    const contracts = fs
      .readdirSync(outDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(outDir, f), 'utf8')) as CompiledContract)
    log(`contracts unchanged, ${contracts.length} artifacts reused`)
    return { contracts, cached: true, ms: Date.now() - started }
  }

  if (sources.length === 0) {
    writeOutputs(root, outDir, [])
    return { contracts: [], cached: false, ms: Date.now() - started }
  }
  log(`compiling ${sources.length} Solidity files with solc ${solc.version()}`)
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(sources.map((s) => [s.name, { content: s.content }])),
    settings: SOLC_SETTINGS,
  }
  const findImports = (importPath: string) => {
    for (const base of [contractsDir, path.join(root, 'node_modules')]) {
      const candidate = path.join(base, importPath)
      if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') }
    }
    return { error: `File not found: ${importPath}` }
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length) throw new CompileError(errors.map((e) => e.formattedMessage))
  for (const w of output.errors ?? []) if (w.severity !== 'error') log(w.formattedMessage.split('\n')[0])

  const contracts: CompiledContract[] = []
  for (const s of sources) {
    for (const [contractName, c] of Object.entries(output.contracts?.[s.name] ?? {})) {
      // Interfaces and abstract contracts have no bytecode: nothing to deploy or index.
      if (!c.evm.bytecode.object) continue
      contracts.push({ contractName, sourceName: s.name, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` })
    }
  }
  writeOutputs(root, outDir, contracts)
  fs.writeFileSync(stampFile, digest)
  const ms = Date.now() - started
  log(`compiled ${contracts.length} contracts in ${(ms / 1000).toFixed(1)} s`)
  return { contracts, cached: false, ms }
}

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
}

function listSolidity(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory() && entry.name !== 'out' && entry.name !== 'abi') out.push(...listSolidity(full))
    else if (entry.isFile() && entry.name.endsWith('.sol')) out.push(full)
  }
  return out.sort()
}

function writeOutputs(root: string, outDir: string, contracts: CompiledContract[]): void {
  const abiDir = path.join(root, 'contracts', 'abi')
  const viemDirs = {
    product: path.join(root, 'src', 'abi', 'viem'),
    test: path.join(root, 'test', 'abi', 'viem'),
  }
  for (const dir of [outDir, abiDir, viemDirs.product, viemDirs.test]) {
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
  }
  const header = '// Generated by `npm run build:contracts` from contracts/. Do not edit.\n'
  const exports = { product: [] as string[], test: [] as string[] }
  for (const c of contracts) {
    fs.writeFileSync(path.join(outDir, `${c.contractName}.json`), JSON.stringify(c))
    fs.writeFileSync(path.join(abiDir, `${c.contractName}.json`), `${JSON.stringify(c.abi, null, 2)}\n`)
    const constName = `${c.contractName.charAt(0).toLowerCase()}${c.contractName.slice(1)}Abi`
    const kind = isTestDouble(c.sourceName) ? 'test' : 'product'
    fs.writeFileSync(
      path.join(viemDirs[kind], `${c.contractName}.ts`),
      `${header}export const ${constName} = ${JSON.stringify(c.abi)} as const\n`,
    )
    exports[kind].push(`export { ${constName} } from './${c.contractName}'`)
  }
  for (const kind of ['product', 'test'] as const)
    fs.writeFileSync(path.join(viemDirs[kind], 'index.ts'), `${header}${exports[kind].sort().join('\n')}\n`)
}

/** A contract under a `test/` folder of contracts/ (e.g. `ai/test/MockWOPEN.sol`) exists for tests only. */
function isTestDouble(sourceName: string): boolean {
  return sourceName.split('/').includes('test')
}
