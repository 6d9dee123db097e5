/**
 * What each folder of `src/` may import (other folders; its own files always). The README's
 * architecture picture shows the same table; `imports.test.ts` fails on any import not listed.
 * Read it bottom-up: the foundation imports nothing of the product, the CLI imports everything.
 */
export const ALLOWED_IMPORTS: Record<string, readonly string[]> = {
  // Foundation: no product folder below these.
  errors: [],
  config: ['errors'],
  util: ['errors'],
  crypto: ['errors'],
  abi: [],
  model: [],
  children: ['errors'],
  manifest: ['errors'],
  // PostgreSQL: the server, migrations, the tables read by hand, and the batch write path.
  db: ['children', 'config', 'errors', 'model', 'util'],
  'db/write': ['db', 'errors', 'model'],
  // The indexer: ingestion (finalized logs, reorgs, RPC answers), batch computation, the processor.
  ingestion: ['db', 'errors', 'manifest'],
  computation: ['abi', 'db/write', 'errors', 'manifest', 'model'],
  processor: ['abi', 'computation', 'config', 'db', 'db/write', 'errors', 'ingestion', 'manifest', 'model'],
  // Attribution, its auditor, and the oracle that settles.
  attribution: ['crypto', 'errors', 'util'],
  audit: ['abi', 'attribution', 'crypto', 'db', 'errors', 'manifest', 'model'],
  remoteEvidence: ['attribution', 'audit', 'crypto', 'errors'],
  oracle: ['abi', 'attribution', 'errors', 'manifest'],
  // Reading: DuckDB analytics and the API.
  analytics: ['config', 'db', 'errors', 'util'],
  api: ['analytics', 'attribution', 'audit', 'config', 'db', 'errors', 'model', 'util'],
  // The devnet and the demo economy on it.
  chain: ['abi', 'children', 'crypto', 'errors', 'manifest', 'util'],
  demo: ['abi', 'attribution', 'chain', 'crypto', 'errors', 'manifest', 'oracle', 'util'],
  // Running it all: supervision and the flows of `start`/`demo`, then the command line.
  stack: [
    'analytics',
    'api',
    'attribution',
    'audit',
    'chain',
    'children',
    'config',
    'db',
    'demo',
    'errors',
    'manifest',
    'oracle',
    'processor',
    'util',
  ],
  cli: [
    'analytics',
    'api',
    'attribution',
    'audit',
    'chain',
    'config',
    'db',
    'demo',
    'errors',
    'manifest',
    'processor',
    'remoteEvidence',
    'stack',
    'util',
  ],
}

/**
 * The folder a source file belongs to for the rules above: its first folder under `src/`
 * (`db/write` counts on its own), or the file's name for `src/config.ts` and `src/errors.ts`.
 *
 * @example
 * folderOf('src/db/write/insertRows.ts') // 'db/write'
 * folderOf('src/config.ts') // 'config'
 */
export function folderOf(file: string): string {
  const parts = file.split('/')
  if (parts.length === 2) return parts[1]!.replace(/\.ts$/, '')
  if (parts[1] === 'db' && parts[2] === 'write') return 'db/write'
  return parts[1]!
}

/**
 * Imports that cross into a folder the rules do not allow, as `from → to` file pairs.
 *
 * @example
 * forbiddenImports(new Map([['src/processor/a.ts', ['src/demo/b.ts']]])) // ['src/processor/a.ts → src/demo/b.ts']
 */
export function forbiddenImports(
  graph: Map<string, string[]>,
  rules: Record<string, readonly string[]> = ALLOWED_IMPORTS,
): string[] {
  const out: string[] = []
  for (const [file, targets] of graph) {
    const from = folderOf(file)
    for (const target of targets) {
      const to = folderOf(target)
      if (to !== from && !rules[from]?.includes(to)) out.push(`${file} → ${target}`)
    }
  }
  return out
}
