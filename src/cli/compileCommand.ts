import type { Command } from 'commander'
import { compileContracts } from '../chain/compileContracts'
import { repoRoot } from '../util/repoRoot'

/**
 * Registers `compile`: Solidity sources → contracts/out, contracts/abi, src/abi/viem.
 *
 * @example
 * registerCompile(program) // then: openledger compile --force
 */
export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('compile contracts/ with the bundled solc (no download); skipped when sources are unchanged')
    .option('--force', 'recompile even if sources did not change', false)
    .action((opts: { force: boolean }) => {
      compileContracts({ root: repoRoot(), force: opts.force, log: (l) => console.log(`[compile] ${l}`) })
    })
}
