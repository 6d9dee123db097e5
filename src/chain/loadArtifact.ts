import fs from 'node:fs'
import path from 'node:path'
import type { CompiledContract } from './compileContracts'
import { ContractArtifactMissingError } from './errors'

/**
 * Reads `contracts/out/<name>.json` written by {@link compileContracts}.
 *
 * @throws {ContractArtifactMissingError} when the contract was not compiled.
 * @example
 * const { abi, bytecode } = loadArtifact(root, 'InferenceRouter')
 */
export function loadArtifact(root: string, name: string): CompiledContract {
  const file = path.join(root, 'contracts', 'out', `${name}.json`)
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CompiledContract
  } catch (cause) {
    throw new ContractArtifactMissingError(name, file, { cause })
  }
}
