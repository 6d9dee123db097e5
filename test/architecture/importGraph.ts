import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** One source file of `src/` and the `src/` files it imports (relative specifiers, resolved). */
export type ImportGraph = Map<string, string[]>

/**
 * Reads the import graph of `src/` (test files excluded): every `import`, `export … from` and
 * `import()` with a relative specifier, resolved to a file path relative to the repository root.
 * Type-only imports count too: a type cycle still ties two modules' meanings together.
 *
 * @example
 * const graph = readImportGraph('/path/to/repo')
 * graph.get('src/processor/runIndexer.ts') // ['src/manifest/manifest.ts', …]
 */
export function readImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of listSources(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8')
    const { importedFiles } = ts.preProcessFile(text, true, true)
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(path.dirname(file), s))
      .filter((t): t is string => t !== undefined)
      .map((t) => path.relative(root, t))
    graph.set(path.relative(root, file), [...new Set(targets)])
  }
  return graph
}

/**
 * Import cycles of a graph: its strongly connected components of more than one file (or a file
 * importing itself), each sorted, found with Tarjan's algorithm.
 *
 * @example
 * findCycles(new Map([['a', ['b']], ['b', ['a']]])) // [['a', 'b']]
 */
export function findCycles(graph: ImportGraph): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort())
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return cycles
}

function listSources(dir: string): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...listSources(full))
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts'))
      out.push(full)
  }
  return out
}

function resolve(fromDir: string, specifier: string): string | undefined {
  const base = path.resolve(fromDir, specifier)
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate
  return undefined
}
