import { describe, expect, it } from 'vitest'
import { GovernanceTxLog } from './governanceTxLog'

describe('GovernanceTxLog', () => {
  it('links a log to the first execution reported after it in its transaction', () => {
    const log = new GovernanceTxLog()
    // One transaction executing two proposals: each grant precedes its proposal's reports.
    log.executed('0xa', 3, '1') // CallExecuted of proposal 1's call (grant at log 2)
    log.executed('0xa', 4, '1') // ProposalExecuted(1)
    log.executed('0xa', 7, '2') // CallExecuted of proposal 2's call (grant at log 6)
    log.executed('0xa', 8, '2')
    expect([2, 5, 6, 9].map((i) => log.executionAfter('0xa', i))).toEqual(['1', '2', '2', undefined])
    expect(log.executionAfter('0xb', 0)).toBeUndefined()
  })

  it('hands the operations scheduled in a transaction to the next queue, once each', () => {
    const log = new GovernanceTxLog()
    log.scheduled('0xa', '0xop1')
    log.scheduled('0xa', '0xop1') // a second call of the same batch operation
    expect(log.takeScheduled('0xa')).toEqual(['0xop1'])
    log.scheduled('0xa', '0xop2')
    expect(log.takeScheduled('0xa')).toEqual(['0xop2'])
    expect(log.takeScheduled('0xa')).toEqual([])
  })
})
