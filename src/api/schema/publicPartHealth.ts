import type { PartHealth } from './partHealth'

/** An error class name: letters, digits and underscores, as `failureReason` puts first. */
const NAME_RE = /^([A-Za-z][A-Za-z0-9_]{0,63}): /

/**
 * The parts as anyone may see them on `/health` and in `squidStatus.parts`: `lastError` cut to the
 * failure's error class name (`DeepReorgError`), since the full reason holds internal text (file
 * paths, SQL, table names, RPC URLs, stack fragments) that only the operator's log should show.
 * A reason that does not start with a class name, or whose name is not an error class's (pg's
 * errors are named `error`), is `Error`.
 *
 * @example
 * publicPartHealth([{ name: 'auditor', state: 'restarting', since, restarts: 2,
 *   lastError: 'error: relation "settlement" does not exist' }])[0].lastError // 'Error'
 */
export function publicPartHealth(parts: readonly PartHealth[]): PartHealth[] {
  return parts.map((p) => ({ ...p, lastError: p.lastError === null ? null : publicErrorName(p.lastError) }))
}

function publicErrorName(reason: string): string {
  const name = NAME_RE.exec(reason)?.[1]
  return name && /(Error|Exception)$/.test(name) ? name : 'Error'
}
