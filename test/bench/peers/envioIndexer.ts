import type { PeerIndexer } from './peerIndexer'
import { PeerRunError } from './peerIndexer'

/** Placeholder until the Envio peer is wired. */
export const envioIndexer: PeerIndexer = {
  name: 'envio',
  version: () => 'envio',
  contracts: ['WOPEN', 'GOPEN', 'DatanetRegistry', 'InferenceRouter'],
  async run() {
    throw new PeerRunError('envio', 'envio start', 'not wired yet', '')
  },
  canonical: () => {
    throw new Error('unreachable')
  },
}
