#!/usr/bin/env node
import { Command } from 'commander'
import { BaseError } from '../errors'
import { registerCompile } from './compile'
import { registerDevnet } from './devnet'

const program = new Command()
  .name('openledger')
  .description('OpenLedger indexer, GraphQL analytics API and attribution auditor')
  .showHelpAfterError()

registerCompile(program)
registerDevnet(program)

program.parseAsync(process.argv).catch((err: unknown) => {
  // Our own errors already carry a readable message; anything else is a bug worth a stack trace.
  if (err instanceof BaseError) {
    console.error(`${err.name}: ${err.message}`)
  } else {
    console.error(err)
  }
  process.exit(1)
})
