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

/**
 * A JSON-RPC request answered with an error object. Not retryable: the node understood the call
 * and refused it (a revert, insufficient funds, an unknown method); sending it again gets the same.
 *
 * @example
 * throw new RpcError('eth_sendTransaction', { code: -32000, message: 'insufficient funds' })
 */
export class RpcError extends NonRetryableError {
  override name = 'RpcError'
  constructor(
    readonly method: string,
    readonly error: { code: number; message: string; data?: unknown },
  ) {
    super(`${method} failed: ${error.message} (code ${error.code})`)
  }
}

/**
 * A JSON-RPC node answered with something that is not a JSON-RPC result (an HTML error page, an
 * empty object): the URL points at something else than a node.
 *
 * @example
 * throw new RpcAnswerError('eth_chainId', '{"jsonrpc":"2.0"}')
 */
export class RpcAnswerError extends NonRetryableError {
  override name = 'RpcAnswerError'
  constructor(method: string, answer: string) {
    super(`${method}: unexpected answer: ${answer}`)
  }
}

/**
 * A transaction was mined but did not do what it was sent for (reverted, or a deployment that
 * created no contract).
 *
 * @example
 * throw new TransactionFailedError('0xabc…', 'reverted')
 */
export class TransactionFailedError extends NonRetryableError {
  override name = 'TransactionFailedError'
  constructor(hash: string, problem: string) {
    super(`Transaction ${hash} ${problem}.`)
  }
}
