import type { Devnet } from '../chain/startDevnet'
import { DevnetExitedError } from './errors'
import type { Part } from './superviseParts'

/**
 * The devnet as a supervised part: it "runs" while anvil runs and fails with
 * {@link DevnetExitedError} when anvil exits. Never restarted (`restart: false`): a new anvil
 * would be a new, empty chain under the index of the old one, so the stack reports the devnet
 * `down` and keeps serving what is indexed; the indexer keeps retrying its RPC meanwhile.
 *
 * @example
 * supervisor.add(devnetPart(devnet))
 */
export function devnetPart(devnet: Pick<Devnet, 'exited'>): Part {
  return {
    name: 'devnet',
    restart: false,
    run: (signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return resolve()
        signal.addEventListener('abort', () => resolve(), { once: true })
        devnet.exited.then((exit) => reject(new DevnetExitedError(exit)))
      }),
  }
}
