import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** A string or template literal of the source that reads like SQL; `${…}` parts become `__expr__`. */
export type SqlLiteral = { file: string; line: number; text: string }

const ROOT = path.join(__dirname, '..', '..', '..')
const LOOKS_LIKE_SQL = /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|TABLE)\b|\b(FROM|JOIN)\s+[a-z_$]/

/**
 * The SQL-looking literals of the non-test TypeScript files under `dir` (relative to the
 * repository), read with the TypeScript parser so comments never count and nested templates do.
 *
 * @example
 * sqlLiterals('src/audit') // [{ file: 'src/audit/settlementQueries.ts', line: 24, text: 'SELECT s.__expr__ …' }]
 */
export function sqlLiterals(dir: string): SqlLiteral[] {
  const out: SqlLiteral[] = []
  for (const file of sourceFiles(path.join(ROOT, dir))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      let text: string | undefined
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text
      else if (ts.isTemplateExpression(node))
        text = node.head.text + node.templateSpans.map((s) => `__expr__${s.literal.text}`).join('')
      if (text !== undefined && LOOKS_LIKE_SQL.test(text)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
        out.push({ file: path.relative(ROOT, file), line, text })
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return out
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(full)
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : []
  })
}
