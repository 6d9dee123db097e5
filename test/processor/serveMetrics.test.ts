import { expect, it } from 'vitest'
import { createIndexerMetrics, serveMetrics } from '../../src/processor/metrics'
import { accepts } from '../api/listenAddress'

it('serves the indexer metrics on loopback only unless a host is given', async () => {
  const registry = createIndexerMetrics().registry
  const local = await serveMetrics(0, [registry])
  const all = await serveMetrics(0, [registry], '0.0.0.0')
  try {
    const text = await (await fetch(`http://127.0.0.1:${local.port}/metrics`)).text()
    expect(text).toContain('openledger_indexer_blocks_total')
    // 127.0.0.2 is this machine too, but not the interface 127.0.0.1 is bound to.
    expect(await accepts('127.0.0.2', local.port)).toBe(false)
    expect(await accepts('127.0.0.2', all.port)).toBe(true)
  } finally {
    await local.close()
    await all.close()
  }
})
