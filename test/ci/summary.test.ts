import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// `.ci/summary.js` turns vitest's JSON report into CI's closing line "N passed, M failed", counting
// every test that did not run as failed. The fixture is a real vitest 4.1 report of five files:
// a.test.ts (one pass, describe.skipIf(true), it.skip, it.todo), b.test.ts (a describe whose
// beforeAll throws), c.test.ts (a top-level beforeAll that throws), d.test.ts (throws on import),
// e.test.ts (describe.skip).

const ROOT = path.join(__dirname, '..', '..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-summary-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function summarise(report: unknown, vitestCode?: number): { lines: string[]; code: number | null } {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.json`)
  fs.writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report))
  const args = [
    path.join(ROOT, '.ci', 'summary.js'),
    file,
    ...(vitestCode === undefined ? [] : [String(vitestCode)]),
  ]
  const r = spawnSync(process.execPath, args, {
    cwd: tmp,
    encoding: 'utf8',
  })
  return { lines: r.stdout.trimEnd().split('\n'), code: r.status }
}

const test = (name: string, status: string) => ({ fullName: name, title: name, status, failureMessages: [] })
const file = (name: string, status: string, tests: unknown[], message = '') => ({
  name: `/repo/${name}`,
  status,
  message,
  assertionResults: tests,
})

describe('.ci/summary.js', () => {
  it('on a real vitest 4 report counts skipped tests and failed setups as failures, naming each', () => {
    const report = fs.readFileSync(path.join(__dirname, 'fixtures', 'vitest4-report.json'), 'utf8')
    expect(summarise(report)).toEqual({
      lines: [
        'skipped: /repo/a.test.ts > skipped suite x (counted as failed)',
        'skipped: /repo/a.test.ts > ok itskip (counted as failed)',
        'todo: /repo/a.test.ts > ok todo (counted as failed)',
        'setup failed: /repo/b.test.ts: a beforeAll/afterAll failed, see the log above (2 tests not run, counted as failed)',
        'setup failed: /repo/c.test.ts: top boom (1 tests not run, counted as failed)',
        'setup failed: /repo/d.test.ts: import boom (0 tests not run, counted as failed)',
        'skipped: /repo/e.test.ts > all skipped q (counted as failed)',
        '1 passed, 8 failed',
      ],
      code: 1,
    })
  })

  it('prints only the closing line and exits 0 when every test passed', () => {
    const report = {
      success: true,
      testResults: [
        file('x.test.ts', 'passed', [test('a', 'passed'), test('b', 'passed')]),
        file('y.test.ts', 'passed', [test('c', 'passed')]),
      ],
    }
    expect(summarise(report)).toEqual({ lines: ['3 passed, 0 failed'], code: 0 })
  })

  it('counts failed tests, and a pending test as not run', () => {
    const report = {
      success: false,
      testResults: [
        file('x.test.ts', 'failed', [test('a', 'passed'), test('b', 'failed'), test('c', 'pending')]),
      ],
    }
    expect(summarise(report)).toEqual({
      lines: ['pending: /repo/x.test.ts > c (counted as failed)', '1 passed, 2 failed'],
      code: 1,
    })
  })

  it('fails on an error outside the test files even when every test passed', () => {
    const report = { success: false, testResults: [file('x.test.ts', 'passed', [test('a', 'passed')])] }
    expect(summarise(report)).toEqual({
      lines: ['vitest reported a failure outside the test files, see the log above', '1 passed, 1 failed'],
      code: 1,
    })
  })

  it('fails when vitest exited non-zero though its report says every test passed (an unhandled error)', () => {
    const report = { success: true, testResults: [file('x.test.ts', 'passed', [test('a', 'passed')])] }
    expect(summarise(report, 1)).toEqual({
      lines: [
        'vitest exited with code 1 (an unhandled error, see "Unhandled Errors" in the log above)',
        '1 passed, 1 failed',
      ],
      code: 1,
    })
    expect(summarise(report, 0)).toEqual({ lines: ['1 passed, 0 failed'], code: 0 })
  })

  it('fails when nothing ran, and when the report is missing or not a report', () => {
    expect(summarise({ success: true, testResults: [] })).toEqual({ lines: ['0 passed, 0 failed'], code: 1 })
    const garbage = summarise('{"not": "a report"}')
    expect(garbage.code).toBe(1)
    expect(garbage.lines.at(-1)).toBe('0 passed, 1 failed')
    expect(garbage.lines[0]).toMatch(/^could not read .*: no testResults array$/)
    const truncated = summarise('{"testResults": [')
    expect(truncated).toMatchObject({
      code: 1,
      lines: [expect.stringMatching(/^could not read/), '0 passed, 1 failed'],
    })
  })
})
