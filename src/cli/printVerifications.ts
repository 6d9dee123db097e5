import { EvidenceFormatError } from '../audit/errors'
import type { FileVerification } from '../audit/verifyEvidenceEntries'
import { EvidenceNameMismatchError } from '../remoteEvidence/errors'

/**
 * Prints `audit verify`'s outcome: `OK` or `BAD` per file with every named check under it (or the
 * stage that stopped a file being read: format, name or download), then how many did not verify.
 * Returns that number (the command exits 1 when it is not 0).
 *
 * @example
 * if (printVerifications(await verifyEvidenceFiles(files, opts))) process.exitCode = 1
 */
export function printVerifications(
  results: readonly FileVerification[],
  log: (line: string) => void = console.log,
): number {
  let bad = 0
  for (const r of results) {
    if (!r.result?.ok) bad++
    if (!r.result) {
      const details = r.error?.details ? ` (${r.error.details})` : ''
      const stage =
        r.error instanceof EvidenceFormatError
          ? 'format'
          : r.error instanceof EvidenceNameMismatchError
            ? 'name'
            : 'download'
      log(`BAD ${r.file}\n  FAILED  ${stage}: ${r.error?.name}: ${r.error?.shortMessage}${details}`)
      continue
    }
    const report = r.evidence?.report
    log(`${r.result.ok ? 'OK ' : 'BAD'} ${r.file}: inference ${report?.inferenceId} ${report?.status}`)
    for (const c of r.result.checks)
      log(
        `  ${c.status === 'ok' ? 'ok     ' : c.status === 'failed' ? 'FAILED ' : 'skipped'} ${c.name}: ${c.error ? `${c.error.name}: ` : ''}${c.detail}`,
      )
  }
  if (bad) log(`${bad} of ${results.length} evidence files did not verify`)
  return bad
}
