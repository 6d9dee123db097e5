import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findCycles, readImportGraph } from './importGraph'
import { ALLOWED_IMPORTS, folderOf, forbiddenImports } from './layers'

const ROOT = path.resolve(__dirname, '..', '..')
const graph = readImportGraph(ROOT)

describe('the import graph of src/', () => {
  it('reads the imports it is about (a parser that found nothing would pass every rule)', () => {
    expect(graph.size).toBeGreaterThan(200)
    expect(graph.get('src/processor/runIndexer.ts')).toContain('src/processor/createIndexerRunner.ts')
    expect(graph.get('src/processor/index.ts')?.length).toBeGreaterThan(0)
  })

  it('has no import cycle (the generated TypeORM models aside: their relations point both ways)', () => {
    const cycles = findCycles(graph).filter((c) => !c.every((f) => f.startsWith('src/model/generated/')))
    expect(cycles).toEqual([])
  })

  it('has every folder of src/ in the rules, so a new folder states what it may import', () => {
    const folders = new Set([...graph.keys()].map(folderOf))
    expect([...folders].filter((f) => !(f in ALLOWED_IMPORTS)).sort()).toEqual([])
  })

  it('imports across folders only as the rules (and the README picture) allow', () => {
    const forbidden = forbiddenImports(graph)
    expect(forbidden).toEqual([])
  })

  it('keeps the rules themselves free of cycles between folders', () => {
    const folderGraph = new Map(Object.entries(ALLOWED_IMPORTS).map(([k, v]) => [k, [...v]]))
    expect(findCycles(folderGraph)).toEqual([])
  })
})

describe('the rules catch what they are for', () => {
  it('flags a forbidden import and a cycle in a made-up graph', () => {
    const made = new Map([
      ['src/processor/a.ts', ['src/demo/b.ts']],
      ['src/demo/b.ts', ['src/processor/a.ts']],
    ])
    expect(findCycles(made)).toEqual([['src/demo/b.ts', 'src/processor/a.ts']])
    expect(forbiddenImports(made)).toEqual([
      'src/processor/a.ts → src/demo/b.ts',
      'src/demo/b.ts → src/processor/a.ts',
    ])
    expect(forbiddenImports(new Map([['src/cli/main.ts', ['src/demo/runDemo.ts', 'src/cli/x.ts']]]))).toEqual(
      [],
    )
  })
})
