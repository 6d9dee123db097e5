import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config'

/**
 * Removes what belongs to an earlier chain before a new devnet starts: the embedded database's
 * directory (the index) and the auditor's evidence (`<dataDir>/audits`). An external database is
 * left alone: it is the operator's. The artifact store and the auditor's key stay (content-addressed,
 * and not tied to a chain).
 *
 * @example
 * wipeChainData(config) // then: deployAndRunDemo(...) on a fresh anvil
 */
export function wipeChainData(config: Pick<Config, 'database' | 'dataDir'>): void {
  // A new devnet is a new chain: an index or audits of an earlier one would be wrong here.
  if (config.database.kind === 'embedded')
    fs.rmSync(config.database.dataDir, { recursive: true, force: true })
  fs.rmSync(path.join(config.dataDir, 'audits'), { recursive: true, force: true })
}
