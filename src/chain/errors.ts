import { NonRetryableError, RetryableError } from '../errors'

/**
 * Solidity compilation failed (syntax or type errors in contracts/).
 *
 * @example
 * throw new CompileError(['contracts/X.sol:3:1: ParserError: ...'])
 */
export class CompileError extends NonRetryableError {
  override name = 'CompileError'
  constructor(messages: string[]) {
    super(`Solidity compilation failed with ${messages.length} error(s).`, { details: messages.join('\n') })
  }
}

/**
 * A contract's bytecode or ABI is missing from contracts/out (run `npm run build:contracts`).
 *
 * @example
 * throw new ArtifactMissingError('InferenceRouter', '/repo/contracts/out/InferenceRouter.json')
 */
export class ContractArtifactMissingError extends NonRetryableError {
  override name = 'ContractArtifactMissingError'
  constructor(contract: string, file: string, options: { cause?: unknown } = {}) {
    super(`No compiled artifact for ${contract} at ${file}. Run "npm run build:contracts" first.`, options)
  }
}

/**
 * The JSON-RPC endpoint does not answer.
 *
 * @example
 * throw new RpcUnreachableError('http://127.0.0.1:8545', { cause })
 */
export class RpcUnreachableError extends RetryableError {
  override name = 'RpcUnreachableError'
  constructor(url: string, options: { cause?: unknown } = {}) {
    super(`No JSON-RPC node answers at ${url}.`, {
      ...options,
      metaMessages: ['Start a node there, or leave RPC_URL unset to start a local anvil devnet.'],
    })
  }
}

/**
 * The node reports a different chain id than the one configured.
 *
 * @example
 * throw new ChainIdMismatchError({ expected: 1612, actual: 31337, url })
 */
export class ChainIdMismatchError extends NonRetryableError {
  override name = 'ChainIdMismatchError'
  constructor({ expected, actual, url }: { expected: number; actual: number; url: string }) {
    super(`Chain id mismatch at ${url}: expected ${expected}, the node reports ${actual}.`)
  }
}

/**
 * The anvil devnet process failed to start or exited early.
 *
 * @example
 * throw new DevnetStartError('anvil exited with code 1', { details: stderr })
 */
export class DevnetStartError extends NonRetryableError {
  override name = 'DevnetStartError'
}

/**
 * A deployment transaction reverted or produced no contract.
 *
 * @example
 * throw new DeploymentError('InferenceRouter', { cause })
 */
export class DeploymentError extends NonRetryableError {
  override name = 'DeploymentError'
  constructor(step: string, options: { cause?: unknown; details?: string } = {}) {
    super(`Deployment failed at step "${step}".`, options)
  }
}
