import { describe, expect, it } from 'vitest'
import type { PartHealth } from '../schema/partHealth'
import { healthReport } from './healthReport'

const up = { query: async () => ({ rows: [] }) } as never
const unreachable = {
  query: async () => {
    throw new Error('connect ECONNREFUSED')
  },
} as never
const since = '2026-12-06T12:00:00.000Z'
const running = (name: string): PartHealth => ({
  name,
  state: 'running',
  since,
  lastError: null,
  restarts: 0,
})

describe('healthReport', () => {
  it('answers as before when the API runs alone (serve): ok, or 503 without the database', async () => {
    expect(await healthReport(up)).toEqual({ httpStatus: 200, body: { status: 'ok' } })
    expect(await healthReport(unreachable)).toEqual({
      httpStatus: 503,
      body: { status: 'unavailable', reason: 'database not reachable' },
    })
  })

  it('lists the parts, and names those restarting or down as degraded with HTTP 200 (the API still serves)', async () => {
    const parts: PartHealth[] = [
      { name: 'devnet', state: 'down', since, lastError: 'DevnetExitedError: anvil exited', restarts: 0 },
      running('indexer'),
      { name: 'auditor', state: 'restarting', since, lastError: 'Error: boom', restarts: 3 },
    ]
    // As the public sees them: the class name of each last error only.
    const shown = [
      { ...parts[0], lastError: 'DevnetExitedError' },
      parts[1],
      { ...parts[2], lastError: 'Error' },
    ]
    expect(await healthReport(up, () => parts)).toEqual({
      httpStatus: 200,
      body: { status: 'degraded', reason: 'devnet down, auditor restarting', parts: shown },
    })
    expect(await healthReport(up, () => [running('indexer')])).toEqual({
      httpStatus: 200,
      body: { status: 'ok', parts: [running('indexer')] },
    })
    expect(await healthReport(unreachable, () => parts)).toEqual({
      httpStatus: 503,
      body: { status: 'unavailable', reason: 'database not reachable', parts: shown },
    })
  })

  it("shows only the class name of a part's last error: no paths, SQL, URLs or stack text", async () => {
    const failed = (lastError: string): PartHealth => ({
      name: 'auditor',
      state: 'restarting',
      since,
      lastError,
      restarts: 1,
    })
    const cases: [string, string][] = [
      ['DevnetExitedError: anvil exited (signal SIGKILL); see /home/op/.data/anvil.log', 'DevnetExitedError'],
      ['error: relation "settlement" does not exist', 'Error'],
      [
        'DeepReorgError: block 120 0xabc… at http://10.0.0.5:8545 (at runIndexer (/srv/src/indexer.ts:42:7))',
        'DeepReorgError',
      ],
      ['thrown: SELECT * FROM secret_table', 'Error'],
      ["TypeError: Cannot read properties of undefined (reading 'x')", 'TypeError'],
      ['   at Object.<anonymous> (/srv/x.ts:1:1)', 'Error'],
    ]
    for (const [reason, shown] of cases) {
      const { body } = await healthReport(up, () => [failed(reason)])
      expect(body.parts?.[0].lastError).toBe(shown)
      expect(JSON.stringify(body)).not.toMatch(/\/|SELECT|relation|http:|anvil exited/)
    }
    expect((await healthReport(up, () => [running('indexer')])).body.parts?.[0].lastError).toBe(null)
  })
})
