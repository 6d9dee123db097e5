/**
 * Runs a k6 script's scenarios in Node, for machines without k6: `k6` and `k6/http` are replaced
 * by shims (`check`, `http.post` over fetch) and each scenario's function is called a bounded
 * number of times against a local server. It checks what the scripts assert — their queries are
 * valid against the real server, their `check`s hold — not k6's arrival rates or thresholds.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Outcome of every `check` a scenario made, by check name. */
export type K6ScenarioResult = {
  iterations: number
  checks: Record<string, { passed: number; failed: number }>
}

type Scenario = { exec?: string }
type K6Response = { status: number; body: string }

/**
 * Runs `iterations` calls of every scenario of `script` (all scenarios interleaved, `concurrency`
 * calls in flight each), with `env` as `__ENV`.
 *
 * @example
 * const r = await runK6Script('test/load/k6-abuse.js', { env: { URL: api.url }, iterations: 50 })
 * r.normal.checks.ok // { passed: 50, failed: 0 }
 */
export async function runK6Script(
  script: string,
  opts: { env: Record<string, string>; iterations: number; concurrency?: number },
): Promise<Record<string, K6ScenarioResult>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k6-shim-'))
  const file = path.join(dir, `${path.basename(script, '.js')}.mjs`)
  const source = readFileSync(script, 'utf8')
    .replace(/^import \{ check \} from 'k6'$/m, 'const { check } = globalThis.__k6')
    .replace(/^import http from 'k6\/http'$/m, 'const http = globalThis.__k6http')
  if (/^import /m.test(source)) throw new Error(`${script} imports a k6 module the shim does not provide`)
  writeFileSync(file, source)

  let current = ''
  const results: Record<string, K6ScenarioResult> = {}
  const pending: Promise<void>[] = []
  const g = globalThis as Record<string, unknown>
  g.__ENV = opts.env
  g.__k6http = {
    // k6's http.post is synchronous; here it is a promise that `check` awaits.
    post: async (url: string, body: string, params?: { headers?: Record<string, string> }) => {
      const res = await fetch(url, { method: 'POST', body, headers: params?.headers })
      return { status: res.status, body: await res.text() } satisfies K6Response
    },
  }
  g.__k6 = {
    check(res: Promise<K6Response>, checks: Record<string, (r: K6Response) => boolean>) {
      const tally = results[current].checks
      pending.push(
        res.then((r) => {
          for (const [name, fn] of Object.entries(checks)) {
            tally[name] ??= { passed: 0, failed: 0 }
            if (fn(r)) tally[name].passed++
            else tally[name].failed++
          }
        }),
      )
      return true
    },
  }
  try {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown> & {
      options?: { scenarios?: Record<string, Scenario> }
    }
    const scenarios = mod.options?.scenarios ?? { default: {} }
    const fnOf = (s: Scenario) => mod[s.exec ?? 'default'] as () => void
    for (const name of Object.keys(scenarios)) results[name] = { iterations: 0, checks: {} }
    const concurrency = opts.concurrency ?? 4
    for (let i = 0; i < opts.iterations; i++) {
      for (const [name, s] of Object.entries(scenarios)) {
        current = name
        fnOf(s)()
        results[name].iterations++
      }
      if (pending.length >= concurrency * Object.keys(scenarios).length) await Promise.all(pending.splice(0))
    }
    await Promise.all(pending.splice(0))
    return results
  } finally {
    for (const k of ['__ENV', '__k6', '__k6http']) delete g[k]
    rmSync(dir, { recursive: true, force: true })
  }
}
