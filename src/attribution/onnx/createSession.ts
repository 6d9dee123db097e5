/**
 * onnxruntime session creation with execution-provider selection (CUDA when asked or available).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import * as ort from 'onnxruntime-node'
import { ExecutionProviderUnavailableError } from '../errors'

/** Where the engine may run: the same values as `Config.attributionDevice`. */
export type AttributionDevice = 'auto' | 'cpu' | 'cuda'
/** The provider that actually ran. */
export type ExecutionDevice = 'cpu' | 'cuda'

/**
 * Creates a session for `model`. `'cuda'` fails loudly when CUDA cannot be used; `'auto'` tries CUDA
 * only when this onnxruntime build lists it and its provider library is installed (the CPU-only
 * install lists 'cuda' as not bundled, and a doomed attempt spams stderr), and falls back to CPU
 * if creating the session fails.
 *
 * @throws {ExecutionProviderUnavailableError} device 'cuda' without a usable CUDA provider.
 * @example
 * const { session, device } = await createSession(bytes, 'auto')
 */
export async function createSession(
  model: Uint8Array,
  device: AttributionDevice,
  options: { intraOpNumThreads?: number } = {},
): Promise<{ session: ort.InferenceSession; device: ExecutionDevice }> {
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
  }
  if (prefersCuda(device)) {
    try {
      const session = await ort.InferenceSession.create(model, { ...base, executionProviders: ['cuda'] })
      return { session, device: 'cuda' }
    } catch (cause) {
      if (device === 'cuda') throw new ExecutionProviderUnavailableError('cuda', { cause })
    }
  }
  const session = await ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] })
  return { session, device: 'cpu' }
}

/**
 * Whether {@link createSession} will try CUDA for `device`, so callers can build the graph that
 * suits the provider before creating the session.
 *
 * @example
 * const graph = prefersCuda(config.attributionDevice) ? floatGraph() : int8Graph()
 */
export function prefersCuda(device: AttributionDevice): boolean {
  return device === 'cuda' || (device === 'auto' && cudaListed())
}

function cudaListed(): boolean {
  try {
    if (!ort.listSupportedBackends().some((b) => b.name === 'cuda')) return false
    // `ONNXRUNTIME_NODE_INSTALL=cuda12` drops the provider library next to the native binding.
    const binding = path.join(path.dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6')
    return existsSync(path.join(binding, process.platform, process.arch, 'libonnxruntime_providers_cuda.so'))
  } catch {
    return false
  }
}
