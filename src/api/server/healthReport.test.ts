import { describe, expect, it } from 'vitest'
import type { PartHealth } from '../schema/squidStatusField'
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
    expect(await healthReport(up, () => parts)).toEqual({
      httpStatus: 200,
      body: { status: 'degraded', reason: 'devnet down, auditor restarting', parts },
    })
    expect(await healthReport(up, () => [running('indexer')])).toEqual({
      httpStatus: 200,
      body: { status: 'ok', parts: [running('indexer')] },
    })
    expect(await healthReport(unreachable, () => parts)).toEqual({
      httpStatus: 503,
      body: { status: 'unavailable', reason: 'database not reachable', parts },
    })
  })
})
