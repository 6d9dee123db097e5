/**
 * The registry of hand-written statements over the entity and processor tables. A module that
 * writes SQL by hand (the auditor, the API's custom fields) registers each statement where it
 * defines it; test/db/handWrittenSql.test.ts loads those modules and prepares every registered
 * statement on a migrated database, so a wrong table or column fails there rather than in
 * production. A statement built per call registers a representative instance (one row, one id).
 */
const registry = new Map<string, string>()

/**
 * Registers `text` under `name` (`<folder>.<what>`, unique) and returns it unchanged.
 *
 * @example
 * const SQL = handWrittenSql('audit.rewards', `SELECT amount FROM contribution_reward WHERE id = $1`)
 */
export function handWrittenSql(name: string, text: string): string {
  registry.set(name, text)
  return text
}

/**
 * Every statement registered so far (by the modules loaded so far), by name.
 *
 * @example
 * for (const [name, text] of handWrittenStatements()) await client.query(`PREPARE p AS ${text}`)
 */
export function handWrittenStatements(): ReadonlyMap<string, string> {
  return registry
}
