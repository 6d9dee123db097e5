#!/usr/bin/env node
import { Command } from 'commander'
import { BaseError } from '../errors'
import { registerAnalytics } from './analyticsCommand'
import { registerAnalyticsQuery } from './analyticsQuery'
import { registerAudit } from './auditCommand'
import { registerCompile } from './compileCommand'
import { registerDemo } from './demoCommand'
import { registerDevnet } from './devnetCommand'
import { registerIndex } from './indexCommand'
import { registerMigration } from './migrationCommand'
import { registerServe } from './serveCommand'
import { registerStart } from './startCommand'

const program = new Command()
  .name('openledger')
  .description('OpenLedger indexer, GraphQL analytics API and attribution auditor')
  .showHelpAfterError()

registerStart(program)
registerCompile(program)
registerDevnet(program)
registerDemo(program)
registerMigration(program)
registerIndex(program)
registerServe(program)
registerAudit(program)
registerAnalytics(program)
registerAnalyticsQuery(program)

program.parseAsync(process.argv).catch((err: unknown) => {
  // Our own errors already carry a readable message; anything else is a bug worth a stack trace.
  if (err instanceof BaseError) {
    console.error(`${err.name}: ${err.message}`)
  } else {
    console.error(err)
  }
  process.exit(1)
})
