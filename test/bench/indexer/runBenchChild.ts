import { spawn } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..', '..')

/**
 * Runs one indexing measurement in its own process (`benchChild.ts`, so peak RSS is the
 * indexer's alone) and resolves with the JSON of its `BENCH_RESULT` line. `root` runs the
 * `benchChild.ts` of another checkout (a baseline commit) on the same chain and database server.
 *
 * @example
 * const r = await runBenchChild<{ seconds: number }>({ rpcUrl, manifest, target, store: 'postgres', db })
 */
export function runBenchChild<T>(args: object, root: string = ROOT): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'test', 'bench', 'indexer', 'benchChild.ts'), JSON.stringify(args)],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (b) => {
      out += b
    })
    child.stderr.on('data', (b) => {
      out += b
    })
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '))
      if (code !== 0 || !line) reject(new Error(`bench child failed (${code}):\n${out.slice(-3000)}`))
      else resolve(JSON.parse(line.slice('BENCH_RESULT '.length)))
    })
  })
}
