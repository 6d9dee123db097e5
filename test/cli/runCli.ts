import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from '../setup/chain'

const run = promisify(execFile)
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')

/**
 * Runs the CLI as a user would (no trusted auditor, node or database from the environment unless
 * `env` gives one); resolves with exit code and output instead of throwing.
 *
 * @example
 * const r = await cli(['audit', 'verify', file, '--auditor', auditor])
 */
export async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(ROOT, 'src/cli/main.ts'), ...args], {
      env: { ...process.env, TRUSTED_AUDITORS: '', RPC_URL: '', DB_URL: '', DB_HOST: '', ...env },
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

/**
 * The lines `audit verify` printed for one file: its OK/BAD header and its named checks.
 *
 * @example
 * const lines = block(r.stdout, file)
 */
export function block(stdout: string, file: string): string[] {
  const lines = stdout.split('\n')
  const start = lines.findIndex((l) => /^(OK |BAD) /.test(l) && l.slice(4).startsWith(file))
  if (start < 0) throw new Error(`no verdict for ${file} in:\n${stdout}`)
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '))
  return lines.slice(start, end < 0 ? undefined : end)
}

/**
 * The line of one named check in a {@link block}, trimmed.
 *
 * @example
 * expect(check(lines, 'signer')).toBe(`ok      signer: ${auditor} is a trusted auditor`)
 */
export const check = (lines: string[], name: string) =>
  lines.find((l) => l.slice(10).startsWith(`${name}:`))?.trim()
