// Prints "N passed, M failed" (the last line) from vitest's JSON report; exits 1 when anything
// failed or nothing ran. A test that did not run counts as failed: a check skipped where CI runs
// checks nothing. Lines before the last one name each such test and each file whose setup failed.
//
// What vitest 4 writes (see test/ci/fixtures/vitest4-report.json): a test of describe.skip/skipIf,
// it.skip or a suite whose beforeAll threw has status "skipped" ("todo" for it.todo); a file whose
// top-level beforeAll threw or that failed to import has status "failed", only skipped tests (or
// none) and its error in `message`; a describe-level beforeAll failure leaves `message` empty.
const fs = require('node:fs')
const path = require('node:path')

const file = process.argv[2]
// vitest's exit code, when given: an unhandled error fails the run without marking the report.
const vitestCode = process.argv[3] === undefined ? 0 : Number(process.argv[3])
let report
try {
  report = JSON.parse(fs.readFileSync(file, 'utf8'))
  if (!Array.isArray(report.testResults)) throw new Error('no testResults array')
} catch (err) {
  console.log(`could not read ${file}: ${err.message}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

/** A test file's path relative to the working directory when it lies under it. */
function rel(name) {
  const r = path.relative(process.cwd(), String(name))
  return r.startsWith('..') || path.isAbsolute(r) ? String(name) : r
}
let passed = 0
let failed = 0
const lines = []
for (const suite of report.testResults) {
  const tests = suite.assertionResults ?? []
  const failedTests = tests.filter((t) => t.status === 'failed').length
  const notRun = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed')
  passed += tests.length - failedTests - notRun.length
  failed += failedTests + notRun.length
  if (suite.status === 'failed' && failedTests === 0) {
    // Its tests did not run because the file failed around them (import, beforeAll, afterAll).
    if (notRun.length === 0) failed += 1
    const why = (suite.message || 'a beforeAll/afterAll failed, see the log above').split('\n')[0]
    lines.push(`setup failed: ${rel(suite.name)}: ${why} (${notRun.length} tests not run, counted as failed)`)
  } else {
    for (const t of notRun)
      lines.push(`${t.status}: ${rel(suite.name)} > ${t.fullName ?? t.title} (counted as failed)`)
  }
}
// An error outside any test file (an unhandled rejection, a failing globalSetup).
if (report.success === false && failed === 0) {
  failed = 1
  lines.push('vitest reported a failure outside the test files, see the log above')
} else if (vitestCode !== 0 && failed === 0) {
  // vitest 4 writes success: true when only an unhandled error (a rejection no test awaited) failed it.
  failed = 1
  lines.push(
    `vitest exited with code ${process.argv[3]} (an unhandled error, see "Unhandled Errors" in the log above)`,
  )
}
for (const line of lines) console.log(line)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
